from django.contrib import admin

from waibao.registry import models

admin.site.site_header = "外包 · 服务外包产业政策平台"
admin.site.site_title = "外包"

for model in (
    models.Region,
    models.Park,
    models.Organisation,
    models.OrganisationYear,
    models.Certification,
    models.Recognition,
    models.Training,
    models.Expense,
    models.AwardReceived,
    models.Violation,
):
    admin.site.register(model)
