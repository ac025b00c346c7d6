from django.contrib import admin

from waibao.accounts.models import Profile

admin.site.register(Profile)
