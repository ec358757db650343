//! Upload slots (80 photo, 82 video/audio, 87 file), video URLs (83) and download URLs (88).

use serde_json::{Value, json};

use super::{Ctx, Reply, int_field, need_int};
use crate::actions;
use crate::maxerr::MaxErr;

pub fn dispatch(ctx: &mut Ctx<'_>, opcode: u16, p: &Value) -> Reply {
    let me = ctx.me()?;
    let http = ctx.app.urls.http.clone();
    let count = int_field(p, "count").unwrap_or(1).clamp(1, 10);
    match opcode {
        80 => {
            let up = ctx.app.store.create_upload("photo", me)?;
            Ok(json!({"url": format!("{http}/upload/photo/{}", up.token)}))
        }
        82 | 87 => {
            let (kind, key) = match (opcode, int_field(p, "type")) {
                (87, _) => ("file", "fileId"),
                (_, Some(2)) => ("audio", "audioId"),
                _ => ("video", "videoId"),
            };
            let mut info = Vec::new();
            for _ in 0..count {
                let up = ctx.app.store.create_upload(kind, me)?;
                info.push(json!({
                    "url": format!("{http}/upload/{kind}/{}", up.token),
                    key: up.id,
                    "token": up.token,
                }));
            }
            Ok(json!({"info": info}))
        }
        83 => {
            let chat = need_int(p, "chatId")?;
            let video = need_int(p, "videoId")?;
            actions::chat_for(ctx.app, me, chat)?;
            let up = ctx
                .app
                .store
                .upload(video)?
                .filter(|u| u.ready && u.kind == "video");
            let up = up.ok_or_else(|| MaxErr::new("not.found"))?;
            let url = format!("{http}/files/{}/{}", up.id, up.token);
            Ok(json!({"MP4_720": url, "cache": false}))
        }
        88 => {
            let chat = need_int(p, "chatId")?;
            let file = need_int(p, "fileId")?;
            actions::chat_for(ctx.app, me, chat)?;
            let up = ctx.app.store.upload(file)?.filter(|u| u.ready);
            let up = up.ok_or_else(|| MaxErr::new("not.found"))?;
            Ok(json!({"url": format!("{http}/files/{}/{}", up.id, up.token), "unsafe": false}))
        }
        _ => Err(MaxErr::new("proto.opcode")),
    }
}
