"""max-library (PyPI) against the sandbox over JSON WebSocket."""

from __future__ import annotations

import asyncio

from max_library import MaxClient

PARENTS_CHAT = -100000003  # 5 «А» — родители


def test_login_chats_history_send_and_push(sandbox):
    parent = [p for p in sandbox.get("/people") if p["name"] == "Анна Морозова"][0]
    teacher = [p for p in sandbox.get("/people") if p["name"] == "Марина Иванова"][0]

    async def scenario():
        client = MaxClient(
            token=parent["token"],
            base_ws_url=sandbox.ws,
            auto_reconnect=False,
            device_id=parent["deviceId"],
        )
        received = []

        @client.on_message()
        async def on_message(_client, message):
            received.append(message)

        await client.start()
        assert str(client.me.id) == str(parent["id"])

        chats = await client.get_chats(force_refresh=True)
        assert PARENTS_CHAT in {int(c.id) for c in chats}

        history = await client.get_history(PARENTS_CHAT, backward=50)
        assert any("классный руководитель" in (m.text or "") for m in history)

        sent = await client.send_message(PARENTS_CHAT, "Спасибо за информацию!")
        truth = sandbox.get(f"/chats/{PARENTS_CHAT}/messages")
        assert str(truth[-1]["id"]) == str(sent.id)

        pushed = sandbox.post(
            f"/people/{teacher['id']}/send",
            {"chatId": PARENTS_CHAT, "text": "Завтра собрание в 18:00"},
        )

        async def wait():
            while not any(str(m.id) == pushed["id"] for m in received):
                await asyncio.sleep(0.02)

        await asyncio.wait_for(wait(), 10)
        await client.close()

    asyncio.run(scenario())
