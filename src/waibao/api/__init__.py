"""The JSON API (django-ninja): a router per concern, one OpenAPI document at /api/openapi.json."""
