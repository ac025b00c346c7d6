import pytest


@pytest.mark.django_db
def test_the_home_page_speaks_chinese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "服务外包产业政策平台" in response.content.decode()


@pytest.mark.django_db
def test_the_openapi_document_is_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"].startswith("Waibao")
