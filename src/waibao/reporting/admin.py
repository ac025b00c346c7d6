from django.contrib import admin

from waibao.reporting import models

for model in (models.Category, models.ExchangeRate, models.Contract, models.Execution):
    admin.site.register(model)
