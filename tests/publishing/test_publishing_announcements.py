"""Announcements: a second person approves, withdrawal keeps the address, the feed is Atom."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest

from waibao.audit.models import AuditRecord
from waibao.publishing import services, storage
from waibao.publishing.access import Forbidden
from waibao.publishing.models import Announcement

ATOM = "{http://www.w3.org/2005/Atom}"


def _published(author, reviewer, **fields):
    item = services.announcement_create(
        user=author,
        kind=fields.pop("kind", "policy"),
        title_zh=fields.pop("title_zh", "大同市服务外包扶持政策发布"),
        body_zh=fields.pop("body_zh", "现将政策印发给你们,请认真贯彻执行。"),
        title_en=fields.pop("title_en", "Datong service-outsourcing support policy"),
        body_en=fields.pop("body_en", "The policy is hereby issued."),
        **fields,
    )
    services.announcement_submit(user=author, announcement=item)
    services.announcement_approve(user=reviewer, announcement=item)
    services.announcement_publish(user=reviewer, announcement=item)
    return item


def test_an_author_cannot_approve_their_own_announcement(author):
    item = services.announcement_create(user=author, kind="notice", title_zh="通知", body_zh="正文")
    services.announcement_submit(user=author, announcement=item)
    with pytest.raises(Forbidden):
        services.announcement_approve(user=author, announcement=item)
    assert Announcement.objects.get(pk=item.pk).state == "in_review"


def test_a_draft_cannot_be_published_before_review(author, reviewer):
    item = services.announcement_create(user=author, kind="notice", title_zh="通知", body_zh="正文")
    with pytest.raises(services.InvalidTransition):
        services.announcement_publish(user=reviewer, announcement=item)


def test_an_enterprise_user_or_another_citys_admin_cannot_write(staff, author, reviewer):
    hangzhou = staff("hz", city="330100")
    with pytest.raises(Forbidden):
        services.announcement_create(
            user=staff("reader", role="leader"), kind="notice", title_zh="x", body_zh="y"
        )
    item = services.announcement_create(user=author, kind="notice", title_zh="通知", body_zh="正文")
    services.announcement_submit(user=author, announcement=item)
    with pytest.raises(Forbidden):
        services.announcement_approve(user=hangzhou, announcement=item)


def test_every_state_change_is_audited(author, reviewer):
    item = _published(author, reviewer)
    services.announcement_withdraw(user=reviewer, announcement=item, reason="政策已废止")
    actions = list(
        AuditRecord.objects.filter(object_id=str(item.pk), object_type="publishing.announcement")
        .order_by("sequence")
        .values_list("action", "actor_username")
    )
    assert actions == [
        ("announcement.create", "author"),
        ("announcement.submit", "author"),
        ("announcement.approve", "reviewer"),
        ("announcement.publish", "reviewer"),
        ("announcement.withdraw", "reviewer"),
    ]


def test_a_withdrawn_announcement_leaves_the_list_but_keeps_its_page(client, author, reviewer):
    item = _published(author, reviewer)
    assert "大同市服务外包扶持政策发布" in client.get("/news/").content.decode()
    services.announcement_withdraw(user=reviewer, announcement=item, reason="政策已废止")
    assert "大同市服务外包扶持政策发布" not in client.get("/news/").content.decode()
    page = client.get(f"/news/{item.pk}/")
    assert page.status_code == 200
    assert "本公告已撤回" in page.content.decode()
    assert "政策已废止" in page.content.decode()


def test_a_draft_has_no_public_page(client, author):
    item = services.announcement_create(user=author, kind="notice", title_zh="草稿", body_zh="x")
    assert client.get(f"/news/{item.pk}/").status_code == 404


def test_the_english_page_shows_the_english_title(client, author, reviewer):
    item = _published(author, reviewer)
    page = client.get(f"/en/news/{item.pk}/").content.decode()
    assert "Datong service-outsourcing support policy" in page


def test_an_attachment_is_stored_by_checksum_and_served_after_publication(client, author, reviewer):
    item = services.announcement_create(user=author, kind="publicity", title_zh="公示", body_zh="x")
    content = b"%PDF-1.4 publicity list"
    attachment = services.attachment_add(
        user=author, announcement=item, name="名单.pdf", stream=io.BytesIO(content)
    )
    assert storage.path_of(attachment.sha256).read_bytes() == content
    assert client.get(f"/news/attachments/{attachment.pk}/").status_code == 404
    services.announcement_submit(user=author, announcement=item)
    services.announcement_approve(user=reviewer, announcement=item)
    services.announcement_publish(user=reviewer, announcement=item)
    response = client.get(f"/news/attachments/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content


def test_an_executable_attachment_is_refused(author):
    item = services.announcement_create(user=author, kind="notice", title_zh="通知", body_zh="x")
    with pytest.raises(ValueError):
        services.attachment_add(
            user=author, announcement=item, name="a.exe", stream=io.BytesIO(b"MZ")
        )


def test_the_feed_is_valid_atom_with_published_items_only(client, author, reviewer):
    shown = _published(author, reviewer, title_zh="第一条公告")
    gone = _published(author, reviewer, title_zh="已撤回的公告")
    services.announcement_withdraw(user=reviewer, announcement=gone, reason="错误")
    services.announcement_create(user=author, kind="notice", title_zh="草稿公告", body_zh="x")
    response = client.get("/news/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{required}") is not None, required
    assert root.find(f"{ATOM}author/{ATOM}name").text  # entries carry none, so the feed must
    entries = root.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["第一条公告"]
    entry = entries[0]
    for required in ("id", "title", "updated"):
        assert (entry.find(f"{ATOM}{required}").text or "").strip(), required
    link = entry.find(f"{ATOM}link[@rel='alternate']")
    assert link is not None and link.get("href").endswith(f"/news/{shown.pk}/")
    # RFC 4287: an entry without content needs a summary or an alternate link; ids are URIs
    assert entry.find(f"{ATOM}id").text.startswith("tag:")


def test_the_staff_pages_walk_an_announcement_to_publication(client, author, reviewer):
    client.force_login(author)
    client.post("/news/staff/new/", {"kind": "notice", "title_zh": "页面公告", "body_zh": "正文"})
    item = Announcement.objects.get(title_zh="页面公告")
    client.post(f"/news/staff/{item.pk}/submit/")
    assert client.post(f"/news/staff/{item.pk}/approve/").status_code == 403
    client.force_login(reviewer)
    client.post(f"/news/staff/{item.pk}/approve/")
    client.post(f"/news/staff/{item.pk}/publish/")
    assert Announcement.objects.get(pk=item.pk).state == "published"
    assert "页面公告" in client.get("/news/").content.decode()


def test_the_staff_list_shows_only_the_administrators_own_city(client, staff, author):
    services.announcement_create(user=author, kind="notice", title_zh="大同的草稿", body_zh="x")
    hangzhou = staff("hz", city="330100")
    services.announcement_create(user=hangzhou, kind="notice", title_zh="杭州的草稿", body_zh="x")
    client.force_login(author)
    page = client.get("/news/staff/").content.decode()
    assert "大同的草稿" in page and "杭州的草稿" not in page


def test_a_returned_announcement_goes_back_to_draft_with_the_reason_audited(author, reviewer):
    item = services.announcement_create(user=author, kind="notice", title_zh="通知", body_zh="x")
    services.announcement_submit(user=author, announcement=item)
    with pytest.raises(ValueError):
        services.announcement_return(user=reviewer, announcement=item, reason=" ")
    services.announcement_return(user=reviewer, announcement=item, reason="标题有误")
    assert Announcement.objects.get(pk=item.pk).state == "draft"
    record = AuditRecord.objects.filter(action="announcement.return").get()
    assert (record.reason, record.from_state, record.to_state) == ("标题有误", "in_review", "draft")


def test_a_published_announcement_cannot_be_edited(author, reviewer):
    item = _published(author, reviewer)
    with pytest.raises(services.InvalidTransition):
        services.announcement_update(user=author, announcement=item, title_zh="改过的标题")
