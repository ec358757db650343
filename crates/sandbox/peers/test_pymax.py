"""PyMax (`maxapi-python` 2.5, PyPI) against the sandbox: binary frames over WebSocket."""

from __future__ import annotations

import asyncio

from pymax import ExtraConfig, WebClient

CLASS_CHAT = -100000002  # 5 «А» — класс


def test_login_chats_history_send_and_push(sandbox, tmp_path):
    teacher = [p for p in sandbox.get("/people") if p["name"] == "Марина Иванова"][0]
    student = [p for p in sandbox.get("/people") if p["name"] == "Мария Соколова"][0]

    async def scenario():
        config = ExtraConfig(
            token=teacher["token"],
            device_id=teacher["deviceId"],
            url=sandbox.ws,
            telemetry=False,
            reconnect=False,
            persist_session=False,
            log_level="WARNING",
        )
        client = WebClient(work_dir=str(tmp_path), extra_config=config)
        received = []

        @client.on_message()
        async def on_message(message, _client):
            received.append(message)

        await client.connect()
        assert client.me.contact.id == teacher["id"]
        assert CLASS_CHAT in {c.id for c in client.chats}

        history = await client.fetch_history(CLASS_CHAT, backward=50)
        assert any("классный чат" in (m.text or "") for m in history)

        sent = await client.send_message(chat_id=CLASS_CHAT, text="Привет от PyMax")
        truth = sandbox.get(f"/chats/{CLASS_CHAT}/messages")
        assert str(truth[-1]["id"]) == str(sent.id)

        pushed = sandbox.post(
            f"/people/{student['id']}/send", {"chatId": CLASS_CHAT, "text": "Поняла, спасибо!"}
        )

        async def wait():
            while not any(str(m.id) == pushed["id"] for m in received):
                await asyncio.sleep(0.02)

        await asyncio.wait_for(wait(), 10)
        await client.close()

    asyncio.run(scenario())
