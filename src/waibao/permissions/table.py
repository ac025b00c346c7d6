"""The permission table: for every role and every kind of object, which actions the role may
do and within what scope. One table, read by :mod:`waibao.permissions` and nothing else; the
apps ask ``waibao.permissions`` and never compare a role themselves (issue 18 item 3,
docs/decisions/0021-one-permission-table-and-year-bounds.md).

``TABLE[role][kind][action]`` is a scope rule's name (the ``*`` constants below); an action
missing from a role's row is denied. Every role has a row for every kind, empty when the role
may do nothing with that kind, so that a reader sees the refusal written down
(``tests/permissions/test_table.py`` checks it).

Roles are the account roles (``accounts.Role``), and three more ways of being someone:
``public`` (not signed in, or inactive), ``personal`` (signed in with no Waibao role and no
Django staff flag: a private person, a trainee), and ``superuser`` (the Django flag, which
counts as ``system_admin`` everywhere except in plans, where only the flag and the plan roles
count, as before). The plan roles (``plans.PlanRole``: ``plan_office``, ``plan_leader``,
``unit_officer``) are held per jurisdiction or unit beside the account role.

No Django here: the table is data; :mod:`waibao.permissions.scopes` evaluates the rules.
"""

from __future__ import annotations

# ------------------------------------------------------------------ scope rules
EVERYWHERE = "everywhere"  # any object of the kind
OWN_ORGANISATION = "own_organisation"  # the object's organisation is the user's
REGION = "region"  # the object's region lies inside the user's region (prefix of its code)
SAME_DISTRICT = "same_district"  # the object's organisation is registered in the user's region
CITY_CODE = "city_code"  # the user's region is the object's city (a fund's city_code)
CITY_PREFIX = "city_prefix"  # the object lies in the city of the user's region (4 digits)
DISTRICT_NOT_OWN = "district_not_own"  # SAME_DISTRICT, never the user's own application
FUND_CITY_NOT_OWN = "fund_city_not_own"  # a fund of the user's city covering the applicant, not own
ITEM_CITY = "item_city"  # the item's city is the city of the user's region (a province: any)
CITY_FUNDS = "city_funds"  # applications to the user's city's funds (a district: its own)
OWN_PERSON = "own_person"  # the person record linked to the user
POOL_GRANT = "pool_grant"  # the user's organisation holds a standing pool-search grant
JURISDICTION_OVERSEEN = "jurisdiction_overseen"  # office or leader of the task's jurisdiction
JURISDICTION_OFFICE = "jurisdiction_office"  # office of the jurisdiction
OFFICER_UNIT = "officer_unit"  # an officer of the unit, and the unit assigned to the task
SELF = "self"  # the user's own account (registering themself)

SCOPES = frozenset(
    {
        EVERYWHERE,
        OWN_ORGANISATION,
        REGION,
        SAME_DISTRICT,
        CITY_CODE,
        CITY_PREFIX,
        DISTRICT_NOT_OWN,
        FUND_CITY_NOT_OWN,
        CITY_FUNDS,
        ITEM_CITY,
        OWN_PERSON,
        POOL_GRANT,
        JURISDICTION_OVERSEEN,
        JURISDICTION_OFFICE,
        OFFICER_UNIT,
        SELF,
    }
)

# ------------------------------------------------------------------ roles
PUBLIC = "public"
PERSONAL = "personal"
ENTERPRISE = "enterprise"
DISTRICT_REVIEWER = "district_reviewer"
CITY_ADMIN = "city_admin"
LEADER = "leader"
ANALYST = "analyst"
SYSTEM_ADMIN = "system_admin"
SUPERUSER = "superuser"
PLAN_OFFICE = "plan_office"
PLAN_LEADER = "plan_leader"
UNIT_OFFICER = "unit_officer"

ACCOUNT_ROLES = (ENTERPRISE, DISTRICT_REVIEWER, CITY_ADMIN, LEADER, ANALYST, SYSTEM_ADMIN)
PLAN_ROLES = (PLAN_OFFICE, PLAN_LEADER, UNIT_OFFICER)
ROLES = (PUBLIC, PERSONAL, *ACCOUNT_ROLES, SUPERUSER, *PLAN_ROLES)

# ------------------------------------------------------------------ kinds of object
ORGANISATION = "organisation"  # an organisation, and what belongs to it: contracts, executions
REGION_WHOLE = "region"  # a region as a whole: its ratings, scorecards, statistics
FUND = "fund"  # a fund: its lines, calls, batches, payments, settings
APPLICATION = "application"  # an application to a fund, its evidence and objections
TASK = "task"  # a plan's task, its reports, meetings and assessment
TALENT_ORGANISATION = "talent_organisation"  # an organisation as a provider or hirer of talent
TALENT_TOTALS = "talent_totals"  # aggregate talent figures
POOL = "pool"  # the talent pool
PERSON = "person"  # a person's record (PIPL personal data)
PUBLISHED_ITEM = "published_item"  # an announcement or open-data set of a city

KINDS = (
    ORGANISATION,
    REGION_WHOLE,
    FUND,
    APPLICATION,
    TASK,
    TALENT_ORGANISATION,
    TALENT_TOTALS,
    POOL,
    PERSON,
    PUBLISHED_ITEM,
)

# ------------------------------------------------------------------ actions
# organisation-owned objects and whole regions (the actions of ``waibao.permissions``)
VIEW_ORGANISATION = "view_organisation"
CHANGE_ORGANISATION = "change_organisation"
SUBMIT_REPORT = "submit_report"
VIEW_CONTRACT = "view_contract"
REVIEW_APPLICATION = "review_application"
VIEW_DASHBOARD = "view_dashboard"
VIEW_STATISTICS = "view_statistics"
EXPORT_STATISTICS = "export_statistics"
CONFIGURE_POLICY = "configure_policy"
MANAGE_USERS = "manage_users"
APPLY_RECOGNITION = "apply_recognition"
VIEW_FUNDS = "view_funds"
# funds
RUN_FUND = "run_fund"  # budgets, calls, publication, allocation, payment
CONTINUE_FUND = "continue_fund"  # a fund's years extended past its text's last one (续设)
VIEW_FUND_SETTINGS = "view_fund_settings"  # a fund's clause settings (read-only for some)
APPLY = "apply"  # an organisation applies, amends, answers, withdraws
SEE_APPLICATION = "see_application"
READ_EVIDENCE = "read_evidence"
REVIEW_DISTRICT = "review_district"
REVIEW_CITY = "review_city"
# plans
VIEW_TASK = "view_task"
REPORT_TASK = "report_task"
OVERSEE = "oversee"
MANAGE_PLAN = "manage_plan"
# talent
MANAGE_PROVIDER = "manage_provider"
READ_TRAINING_FACTS = "read_training_facts"
GRANT_POOL_SEARCH = "grant_pool_search"
READ_TOTALS = "read_totals"
SEARCH_POOL = "search_pool"
HANDLE_PERSON = "handle_person"  # reveal, export on request, erase
REGISTER_SELF = "register_self"
# publishing
HANDLE_ITEM = "handle_item"

_ORG = ORGANISATION
_GENERAL_ENTERPRISE = (
    VIEW_ORGANISATION,
    CHANGE_ORGANISATION,
    SUBMIT_REPORT,
    VIEW_CONTRACT,
    APPLY_RECOGNITION,
    VIEW_FUNDS,
)
_GENERAL_REVIEWER = (
    VIEW_ORGANISATION,
    VIEW_CONTRACT,
    REVIEW_APPLICATION,
    VIEW_DASHBOARD,
    VIEW_STATISTICS,
    VIEW_FUNDS,
)
_GENERAL_CITY_ADMIN = (
    VIEW_ORGANISATION,
    CHANGE_ORGANISATION,
    VIEW_CONTRACT,
    REVIEW_APPLICATION,
    VIEW_DASHBOARD,
    VIEW_STATISTICS,
    EXPORT_STATISTICS,
    CONFIGURE_POLICY,
    VIEW_FUNDS,
)
_GENERAL_LEADER = (VIEW_ORGANISATION, VIEW_DASHBOARD, VIEW_STATISTICS, VIEW_FUNDS)
_GENERAL_ANALYST = (
    VIEW_ORGANISATION,
    VIEW_CONTRACT,
    VIEW_DASHBOARD,
    VIEW_STATISTICS,
    EXPORT_STATISTICS,
    VIEW_FUNDS,
)


def _all(scope: str, *actions: str) -> dict[str, str]:
    return dict.fromkeys(actions, scope)


def _nothing() -> dict[str, dict[str, str]]:
    return {kind: {} for kind in KINDS}


def _row(**kinds: dict[str, str]) -> dict[str, dict[str, str]]:
    row = _nothing()
    row.update(kinds)
    return row


_EVERY_GENERAL = tuple(
    dict.fromkeys(
        (
            *_GENERAL_CITY_ADMIN,
            *_GENERAL_ENTERPRISE,
            *_GENERAL_REVIEWER,
            *_GENERAL_ANALYST,
            MANAGE_USERS,
        )
    )
)

TABLE: dict[str, dict[str, dict[str, str]]] = {
    PUBLIC: _nothing(),
    PERSONAL: _row(person={OWN_PERSON: OWN_PERSON, REGISTER_SELF: SELF}),
    ENTERPRISE: _row(
        organisation=_all(OWN_ORGANISATION, *_GENERAL_ENTERPRISE),
        application={
            APPLY: OWN_ORGANISATION,
            SEE_APPLICATION: OWN_ORGANISATION,
            READ_EVIDENCE: OWN_ORGANISATION,
        },
        talent_organisation=_all(OWN_ORGANISATION, MANAGE_PROVIDER, READ_TRAINING_FACTS),
        pool={SEARCH_POOL: POOL_GRANT},
        person={OWN_PERSON: OWN_PERSON},
    ),
    DISTRICT_REVIEWER: _row(
        organisation=_all(REGION, *_GENERAL_REVIEWER),
        region=_all(REGION, *_GENERAL_REVIEWER),
        application={
            SEE_APPLICATION: SAME_DISTRICT,
            READ_EVIDENCE: SAME_DISTRICT,
            REVIEW_DISTRICT: DISTRICT_NOT_OWN,
        },
        person={OWN_PERSON: OWN_PERSON},
    ),
    CITY_ADMIN: _row(
        organisation=_all(REGION, *_GENERAL_CITY_ADMIN),
        region=_all(REGION, *_GENERAL_CITY_ADMIN),
        fund={RUN_FUND: CITY_CODE, VIEW_FUND_SETTINGS: CITY_CODE, CONTINUE_FUND: CITY_CODE},
        application={
            SEE_APPLICATION: CITY_FUNDS,
            READ_EVIDENCE: CITY_FUNDS,
            REVIEW_CITY: FUND_CITY_NOT_OWN,
        },
        talent_organisation=_all(
            CITY_PREFIX, MANAGE_PROVIDER, READ_TRAINING_FACTS, GRANT_POOL_SEARCH
        ),
        talent_totals={READ_TOTALS: EVERYWHERE},
        person={HANDLE_PERSON: CITY_PREFIX, OWN_PERSON: OWN_PERSON},
        published_item={HANDLE_ITEM: ITEM_CITY},
    ),
    LEADER: _row(
        organisation=_all(REGION, *_GENERAL_LEADER),
        region=_all(REGION, *_GENERAL_LEADER),
        application={SEE_APPLICATION: CITY_FUNDS},
        talent_organisation={READ_TRAINING_FACTS: EVERYWHERE},
        talent_totals={READ_TOTALS: EVERYWHERE},
        person={OWN_PERSON: OWN_PERSON},
    ),
    ANALYST: _row(
        organisation=_all(REGION, *_GENERAL_ANALYST),
        region=_all(REGION, *_GENERAL_ANALYST),
        application={SEE_APPLICATION: CITY_FUNDS},
        talent_organisation={READ_TRAINING_FACTS: EVERYWHERE},
        talent_totals={READ_TOTALS: EVERYWHERE},
        person={OWN_PERSON: OWN_PERSON},
    ),
    SYSTEM_ADMIN: _row(
        organisation=_all(EVERYWHERE, *_EVERY_GENERAL),
        region=_all(EVERYWHERE, *_EVERY_GENERAL),
        fund={VIEW_FUND_SETTINGS: EVERYWHERE},
        talent_organisation=_all(
            EVERYWHERE, MANAGE_PROVIDER, READ_TRAINING_FACTS, GRANT_POOL_SEARCH
        ),
        talent_totals={READ_TOTALS: EVERYWHERE},
        person={HANDLE_PERSON: EVERYWHERE, OWN_PERSON: OWN_PERSON},
        published_item={HANDLE_ITEM: EVERYWHERE},
    ),
    # The Django flag: a system administrator, and besides in plans everything everywhere.
    SUPERUSER: _row(task=_all(EVERYWHERE, VIEW_TASK, OVERSEE, MANAGE_PLAN)),
    PLAN_OFFICE: _row(
        task={
            VIEW_TASK: JURISDICTION_OVERSEEN,
            OVERSEE: JURISDICTION_OVERSEEN,
            MANAGE_PLAN: JURISDICTION_OFFICE,
        }
    ),
    PLAN_LEADER: _row(task={VIEW_TASK: JURISDICTION_OVERSEEN, OVERSEE: JURISDICTION_OVERSEEN}),
    UNIT_OFFICER: _row(task={VIEW_TASK: OFFICER_UNIT, REPORT_TASK: OFFICER_UNIT}),
}

ACTIONS = frozenset(
    action for row in TABLE.values() for actions in row.values() for action in actions
)


def scope_of(role: str | None, kind: str, action: str) -> str | None:
    """The scope rule under which ``role`` may do ``action`` to a ``kind``, or ``None``."""
    if role is None:
        return None
    return TABLE.get(role, {}).get(kind, {}).get(action)


def roles_with(kind: str, action: str) -> frozenset[str]:
    """The roles that may do ``action`` to some ``kind`` (in some scope)."""
    return frozenset(role for role in ROLES if scope_of(role, kind, action) is not None)
