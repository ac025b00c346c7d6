from django.contrib import admin

from waibao.plans import models

for model in (
    models.Unit,
    models.Body,
    models.PlanRole,
    models.Stage,
    models.Task,
    models.Assignment,
    models.Milestone,
    models.ProgressReport,
    models.Attachment,
    models.MeetingCadence,
    models.Meeting,
    models.Attendance,
    models.Decision,
    models.Reminder,
):
    admin.site.register(model)
