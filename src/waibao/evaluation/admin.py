from django.contrib import admin

from waibao.evaluation import models

for model in (
    models.RatingMethod,
    models.Publication,
    models.RecognitionApplication,
    models.RecognitionReview,
    models.CreditEvent,
    models.ScorecardValue,
    models.PeerScore,
):
    admin.site.register(model)
