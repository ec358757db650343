//! What a cached file is, told from its first bytes, never from its name or the server's word.
//!
//! Only pictures, sound and video are recognised: the `media:` scheme serves nothing else, so an
//! HTML page or an SVG (which can carry script) sent as a "photo" never reaches the webview as a
//! document. Unknown bytes are `None`.

/// How many leading bytes [`media_type`] needs.
pub const SNIFF_LEN: usize = 64;

/// The MIME type of a picture, sound or video, from its first [`SNIFF_LEN`] bytes.
pub fn media_type(head: &[u8]) -> Option<&'static str> {
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    if at(0, b"\xFF\xD8\xFF") {
        return Some("image/jpeg");
    }
    if at(0, b"\x89PNG\r\n\x1A\n") {
        return Some("image/png");
    }
    if at(0, b"GIF87a") || at(0, b"GIF89a") {
        return Some("image/gif");
    }
    if at(0, b"RIFF") {
        return if at(8, b"WEBP") {
            Some("image/webp")
        } else if at(8, b"WAVE") {
            Some("audio/wav")
        } else {
            None
        };
    }
    if at(0, b"BM") && head.len() >= 14 {
        return Some("image/bmp");
    }
    if at(4, b"ftyp") {
        return Some(iso_media_type(head.get(8..12).unwrap_or_default()));
    }
    if at(0, b"\x1A\x45\xDF\xA3") {
        let webm = head.windows(4).any(|window| window == b"webm");
        return Some(if webm {
            "video/webm"
        } else {
            "video/x-matroska"
        });
    }
    if at(0, b"OggS") {
        return Some("audio/ogg");
    }
    if at(0, b"fLaC") {
        return Some("audio/flac");
    }
    if at(0, b"#!AMR") {
        return Some("audio/amr");
    }
    if at(0, b"ID3") {
        return Some("audio/mpeg");
    }
    match head {
        // ADTS (AAC): sync word, layer 0.
        [0xFF, second, ..] if second & 0xF6 == 0xF0 => Some("audio/aac"),
        // An MPEG audio frame: sync word, a valid version and layer.
        [0xFF, second, ..] if second & 0xE0 == 0xE0 && second & 0x06 != 0 => Some("audio/mpeg"),
        _ => None,
    }
}

/// An ISO base media file (MP4 family) by its major brand.
fn iso_media_type(brand: &[u8]) -> &'static str {
    match brand {
        b"avif" | b"avis" => "image/avif",
        b"heic" | b"heix" | b"mif1" | b"msf1" => "image/heic",
        b"M4A " | b"M4B " => "audio/mp4",
        b"qt  " => "video/quicktime",
        _ => "video/mp4",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_sound_and_video_are_recognised() {
        let cases: [(&[u8], &str); 13] = [
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", "image/jpeg"),
            (b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR", "image/png"),
            (b"GIF89a\x01\0\x01\0", "image/gif"),
            (b"RIFF\x24\0\0\0WEBPVP8 ", "image/webp"),
            (b"RIFF\x24\0\0\0WAVEfmt ", "audio/wav"),
            (b"\0\0\0\x20ftypisom\0\0\x02\0", "video/mp4"),
            (b"\0\0\0\x1CftypM4A \0\0\0\0", "audio/mp4"),
            (b"\0\0\0\x1Cftypavif\0\0\0\0", "image/avif"),
            (
                b"\x1A\x45\xDF\xA3\x9F\x42\x86\x81\x01\x42\x82\x84webm",
                "video/webm",
            ),
            (b"OggS\0\x02\0\0", "audio/ogg"),
            (b"ID3\x04\0\0\0\0", "audio/mpeg"),
            (b"\xFF\xFB\x90\x64", "audio/mpeg"),
            (b"\xFF\xF1\x50\x80", "audio/aac"),
        ];
        for (head, expected) in cases {
            assert_eq!(media_type(head), Some(expected), "{head:?}");
        }
    }

    #[test]
    fn documents_and_scripts_are_not_media() {
        for head in [
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>"[..],
            b"<?xml version=\"1.0\"?><svg",
            b"<!DOCTYPE html><html>",
            b"<html><script>alert(1)</script>",
            b"%PDF-1.7",
            b"PK\x03\x04",
            b"MZ\x90\0",
            b"",
            b"\xFF",
            b"RIFF\0\0\0\0AVI ",
            b"BM",
        ] {
            assert_eq!(media_type(head), None, "{head:?}");
        }
    }
}
