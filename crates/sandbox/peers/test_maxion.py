"""maxion (PyPI) against the sandbox: JSON over WebSocket and binary frames over TCP."""

from __future__ import annotations

import asyncio

import pytest
from maxion.raw import MaxClient
from maxion.raw.errors import RpcError
from maxion.raw.session import Session

CLASS_CHAT = -100000002  # 5 «А» — класс


def _client(sandbox, person, transport):
    session = Session(token=person["token"], device_id=person["deviceId"])
    if transport == "ws":
        return MaxClient(session, transport="ws", url=sandbox.ws, auto_reconnect=False, ping_interval=0)
    return MaxClient(
        session,
        transport="tcp",
        host=sandbox.tcp_host,
        port=sandbox.tcp_port,
        ssl=False,
        auto_reconnect=False,
        ping_interval=0,
    )


async def _wait_for(pushes, predicate, timeout=10.0):
    async def poll():
        while not any(predicate(p) for p in pushes):
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), timeout)
    return next(p for p in pushes if predicate(p))


@pytest.mark.parametrize("transport", ["ws", "tcp"])
def test_login_chats_history_send_and_push(sandbox, transport):
    teacher = sandbox.person("teacher")
    student = [p for p in sandbox.get("/people") if p["name"] == "Алиса Морозова"][0]

    async def scenario():
        client = _client(sandbox, teacher, transport)
        pushes = []

        @client.on_raw()
        async def collect(update):
            pushes.append(update)

        await client.connect()
        me = await client.start()
        assert me.id == teacher["id"]
        assert CLASS_CHAT in client.chats_cache

        chats, _ = await client.get_chats(count=50)
        titles = {c.id: c.raw.get("title") for c in chats}
        assert titles[CLASS_CHAT] == "5 «А» — класс"

        history = await client.get_history(CLASS_CHAT, limit=50)
        assert len(history) >= 5
        assert any("классный чат" in m.text for m in history)

        sent = await client.send_message(CLASS_CHAT, f"Проверка связи ({transport})")
        assert sent.id
        truth = sandbox.get(f"/chats/{CLASS_CHAT}/messages")
        assert truth[-1]["id"] == sent.id

        # Someone else writes: the push reaches this client.
        other = sandbox.post(
            f"/people/{student['id']}/send", {"chatId": CLASS_CHAT, "text": "Я сделала упражнение!"}
        )
        push = await _wait_for(
            pushes, lambda u: u.opcode == 128 and u.payload["message"]["id"] == other["id"]
        )
        assert push.payload["chatId"] == CLASS_CHAT
        assert push.payload["message"]["text"] == "Я сделала упражнение!"
        await client.disconnect()

    asyncio.run(scenario())


def test_tcp_large_payload_roundtrip_is_lz4(sandbox):
    """A long message makes maxion compress its frame; the answer comes back compressed too."""
    teacher = sandbox.person("teacher")

    async def scenario():
        client = _client(sandbox, teacher, "tcp")
        await client.connect()
        await client.start()
        text = "Домашнее задание: " + "упражнение 145, правило на с. 62. " * 40
        sent = await client.send_message(CLASS_CHAT, text)
        history = await client.get_history(CLASS_CHAT, limit=5)
        assert any(m.id == sent.id and m.text == text for m in history)
        await client.disconnect()

    asyncio.run(scenario())


def test_wrong_token_is_login_token_error(sandbox):
    teacher = sandbox.person("teacher")

    async def scenario():
        client = MaxClient(
            Session(token="nope", device_id=teacher["deviceId"]),
            transport="ws",
            url=sandbox.ws,
            auto_reconnect=False,
            ping_interval=0,
        )
        await client.connect()
        with pytest.raises(RpcError) as err:
            await client.login_by_token()
        assert err.value.code == "login.token"
        assert err.value.message  # Russian localizedMessage
        await client.disconnect()

    asyncio.run(scenario())


def test_qr_sign_in_approved_through_control_api(sandbox):
    parent = [p for p in sandbox.get("/people") if p["name"] == "Сергей Волков"][0]

    async def scenario():
        client = MaxClient(Session(), transport="ws", url=sandbox.ws, auto_reconnect=False, ping_interval=0)
        await client.connect()
        qr = await client.invoke(288, {})
        status = await client.invoke(289, {"trackId": qr["trackId"]})
        assert status["status"]["loginAvailable"] is False
        sandbox.post("/qr/approve", {"qrLink": qr["qrLink"], "personId": parent["id"]})
        status = await client.invoke(289, {"trackId": qr["trackId"]})
        assert status["status"]["loginAvailable"] is True
        done = await client.invoke(291, {"trackId": qr["trackId"]})
        token = done["tokenAttrs"]["LOGIN"]["token"]
        login = await client.login_by_token(token)
        assert login["profile"]["contact"]["id"] == parent["id"]
        await client.disconnect()

    asyncio.run(scenario())


def test_file_upload_push_136_and_download(sandbox):
    teacher = sandbox.person("teacher")

    async def scenario():
        client = _client(sandbox, teacher, "ws")
        await client.connect()
        await client.start()
        msg = await client.send_file(
            CLASS_CHAT, "Контрольная работа: вариант 1\n".encode(), "Вариант", filename="вариант1.txt"
        )
        attach = msg.raw["attaches"][0]
        assert attach["_type"] == "FILE" and attach["name"] == "вариант1.txt"
        url = await client.get_file_url(CLASS_CHAT, msg.id, attach["fileId"])
        import urllib.request

        with urllib.request.urlopen(url, timeout=10) as r:
            assert r.read().decode() == "Контрольная работа: вариант 1\n"
        await client.disconnect()

    asyncio.run(scenario())


def test_sms_sign_in_from_a_phone_over_tcp(sandbox):
    """The mobile flow (17 → 18, then 115 for a cloud password) with the demo code 111111."""
    parent = [p for p in sandbox.get("/people") if p["name"] == "Ирина Козлова"][0]

    async def scenario():
        client = MaxClient(
            Session(),
            transport="tcp",
            host=sandbox.tcp_host,
            port=sandbox.tcp_port,
            ssl=False,
            auto_reconnect=False,
            ping_interval=0,
        )
        await client.connect()
        me = await client.start(phone=parent["phone"], code="111111", password="парта2025")
        assert me.id == parent["id"]
        token = client.session.token
        assert token and token != parent["token"]
        login = await client.login_by_token(token)
        assert any(c["id"] == -100000005 for c in login["chats"])
        await client.disconnect()

    asyncio.run(scenario())


def test_web_device_cannot_use_sms(sandbox):
    async def scenario():
        client = MaxClient(Session(), transport="ws", url=sandbox.ws, auto_reconnect=False, ping_interval=0)
        await client.connect()
        with pytest.raises(Exception) as err:
            await client.request_code("+79123450345")
        assert "auth.request.forbidden" in str(err.value)
        await client.disconnect()

    asyncio.run(scenario())


def test_photo_and_video_uploads(sandbox):
    teacher = sandbox.person("teacher")

    async def scenario():
        client = _client(sandbox, teacher, "tcp")
        await client.connect()
        await client.start()
        png = bytes.fromhex(
            "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
            "0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
        )
        photo = await client.send_photo(CLASS_CHAT, png, "Доска после урока")
        attach = photo.raw["attaches"][0]
        assert attach["_type"] == "PHOTO" and attach["baseUrl"].startswith("http://")
        video = await client.send_video(CLASS_CHAT, b"\x00\x00\x00\x18ftypmp42", "Опыт по физике")
        v = video.raw["attaches"][0]
        assert v["_type"] == "VIDEO"
        urls = await client.get_video_url(CLASS_CHAT, video.id, v["videoId"])
        assert any(u.startswith("http://") for u in urls.values())
        await client.disconnect()

    asyncio.run(scenario())
