from django.urls import path

from waibao.portal import expenses, parameters, public, reports, users, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("policies/", views.policies, name="policies"),
    path("policies/<str:clause_id>/", views.policy_detail, name="policy"),
    path("calculator/", views.calculator, name="calculator"),
    path("calculator/try/", public.public_calculator, name="public_calculator"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/targets/", views.targets, name="targets"),
    path("report/", reports.profile, name="report"),
    path("report/contracts/", reports.contracts, name="report_contracts"),
    path("report/contracts/add/", reports.contract_add, name="report_contract_add"),
    path("report/executions/add/", reports.execution_add, name="report_execution_add"),
    path("report/upload/", reports.upload, name="report_upload"),
    path("report/expenses/", expenses.expense_page, name="report_expenses"),
    path(
        "report/expenses/<int:pk>/evidence/",
        expenses.expense_evidence_file,
        name="report_expense_evidence",
    ),
    path(
        "report/expenses/<int:pk>/withdraw/",
        expenses.expense_withdraw,
        name="report_expense_withdraw",
    ),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/employees/", views.statistics_employees, name="statistics_employees"),
    path("parameters/", parameters.parameters, name="parameters"),
    path("users/", users.users, name="users"),
    path("parameters/automatic/", parameters.automatic, name="parameters_automatic"),
]
