//! A school-sized cache, generated deterministically: 200 chats (group chats, dialogs,
//! channels), 600 people and `PARTA_BENCH_MESSAGES` messages (default 1,000,000) of Russian
//! school-chat text with word forms, numbers, punctuation and some file attachments.
#![allow(dead_code)]

pub mod text;

use std::path::{Path, PathBuf};
use std::time::Instant;

use parta_core::Store;
use parta_core::model::{
    Account, Attachment, AttachmentKind, Chat, ChatId, ChatKind, ChatStatus, Message, MessageId,
    MessageKind, MessageState, Person, PersonId, Reactions, ReadMark,
};

pub const CHAT_COUNT: i64 = 200;
pub const PEOPLE_COUNT: i64 = 600;
pub const ME: PersonId = PersonId(1);
/// 1 September 2025, 08:00 MSK.
pub const START_MS: i64 = 1_756_702_800_000;
/// Messages written per transaction while generating.
const GENERATION_BATCH: usize = 5_000;

/// How many messages the cache holds (`PARTA_BENCH_MESSAGES`, default 1,000,000).
pub fn message_count() -> usize {
    std::env::var("PARTA_BENCH_MESSAGES")
        .ok()
        .and_then(|value| value.replace('_', "").parse().ok())
        .unwrap_or(1_000_000)
}

/// A small, fast, deterministic generator (xorshift64*).
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..bound`.
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// Skewed towards 0: a rough Zipf over `0..bound`.
    pub fn skewed(&mut self, bound: usize) -> usize {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        ((bound as f64).powf(unit) - 1.0) as usize % bound
    }

    pub fn chance(&mut self, one_in: u64) -> bool {
        self.next_u64().is_multiple_of(one_in)
    }
}

pub fn chat_kind(index: i64) -> ChatKind {
    match index % 20 {
        0 => ChatKind::Channel,
        1 | 2 => ChatKind::Dialog,
        _ => ChatKind::Group,
    }
}

pub fn chat_id(index: i64) -> ChatId {
    ChatId(-70_000_000_000 - index)
}

pub fn chats() -> Vec<Chat> {
    (0..CHAT_COUNT)
        .map(|index| {
            let kind = chat_kind(index);
            let title = match kind {
                ChatKind::Channel => format!("Школа №{} — объявления", index / 20 + 1),
                ChatKind::Dialog => String::new(),
                _ => format!("{} «{}» класс", index % 11 + 1, ["А", "Б", "В", "Г"][index as usize % 4]),
            };
            Chat {
                id: chat_id(index),
                kind: kind.clone(),
                status: ChatStatus::Active,
                title: title.clone(),
                icon_url: None,
                owner: Some(PersonId(2 + index % 40)),
                pinned_message: None,
                last_event_ms: START_MS,
                participants_count: Some(25 + index % 10),
                raw_json: format!(
                    r#"{{"id":{},"type":"{}","status":"ACTIVE","title":"{title}","participantsCount":{}}}"#,
                    chat_id(index),
                    kind.as_str(),
                    25 + index % 10
                ),
            }
        })
        .collect()
}

pub fn people() -> Vec<Person> {
    (1..=PEOPLE_COUNT)
        .map(|id| {
            let name = text::person_name(id as usize);
            Person {
                id: PersonId(id),
                raw_json: format!(r#"{{"id":{id},"names":[{{"name":"{name}","type":"ONEME"}}]}}"#),
                name,
                avatar_url: Some(format!("https://i.example/avatar/{id}.jpg")),
            }
        })
        .collect()
}

/// Generates messages deterministically; `sequence` numbers them across the whole dataset so
/// ids and times are unique and increase per chat.
pub struct MessageFactory {
    rng: Rng,
    sequence: i64,
    text: String,
}

impl MessageFactory {
    pub fn new(seed: u64, first_sequence: i64) -> Self {
        MessageFactory {
            rng: Rng::new(seed),
            sequence: first_sequence,
            text: String::new(),
        }
    }

    /// The next message of a random (skewed: some chats are busy) chat.
    pub fn next_message(&mut self) -> Message {
        let chat_index = self.next_chat_index();
        self.next_message_in(chat_index)
    }

    /// A chat picked the way busy chats are picked: skewed, some chats far busier than others.
    pub fn next_chat_index(&mut self) -> i64 {
        self.rng.skewed(CHAT_COUNT as usize) as i64
    }

    pub fn next_message_in(&mut self, chat_index: i64) -> Message {
        self.sequence += 1;
        let sequence = self.sequence;
        // About 40 seconds apart on average: a school year for a million messages.
        let time_ms = START_MS + sequence * 25_000 + self.rng.below(15_000) as i64;
        let sender = if self.rng.chance(10) {
            ME
        } else {
            PersonId(2 + self.rng.skewed(PEOPLE_COUNT as usize - 1) as i64)
        };
        self.text.clear();
        text::write_message(&mut self.rng, &mut self.text);
        let mut attachments = Vec::new();
        if self.rng.chance(20) {
            let name = text::file_name(&mut self.rng);
            attachments.push(Attachment {
                raw_json: format!(
                    r#"{{"_type":"FILE","fileId":{sequence},"name":"{name}","size":{}}}"#,
                    10_000 + sequence % 90_000
                ),
                kind: AttachmentKind::File {
                    file_id: Some(sequence),
                    name,
                    size: Some(10_000 + sequence as u64 % 90_000),
                },
            });
        }
        let id = 115_000_000_000_000_000 + sequence;
        let raw_json = format!(
            r#"{{"id":"{id}","sender":{},"time":{time_ms},"type":"USER","text":{},"attaches":[],"elements":[]}}"#,
            sender.0,
            serde_json::Value::String(self.text.clone())
        );
        Message {
            chat_id: chat_id(chat_index),
            id: MessageId(id),
            sender: Some(sender),
            time_ms,
            kind: MessageKind::User,
            text: self.text.clone(),
            elements: Vec::new(),
            attachments,
            link: None,
            state: MessageState::Original,
            reactions: Reactions::default(),
            client_id: None,
            raw_json,
        }
    }
}

/// Changes whenever the schema or the generator changes, so a stale cache is never reused.
/// Bump `GENERATOR_VERSION` when the text, the stemmer or the ingest path changes.
fn dataset_version() -> u64 {
    use std::hash::{Hash, Hasher};
    const GENERATOR_VERSION: u32 = 3;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (
        GENERATOR_VERSION,
        include_str!("../../migrations/001_initial.sql"),
    )
        .hash(&mut hasher);
    hasher.finish()
}

/// The generated cache for `messages` messages, built once and reused from
/// `target/parta-bench/` (the build is what takes time; the data never changes).
pub fn school_cache(messages: usize) -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target
        .join("parta-bench")
        .join(format!("school-{:016x}-{messages}", dataset_version()));
    let done_marker = dir.join("complete");
    if done_marker.exists() {
        return dir;
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("remove a half-built cache");
    }
    let started = Instant::now();
    println!("generating the school cache: {CHAT_COUNT} chats, {messages} messages…");
    let mut store = Store::open(&dir, &parta_core::CacheKey::from_bytes([7; 32]))
        .expect("open the bench cache");
    store
        .write(|batch| {
            batch.save_account(&Account {
                person_id: ME,
                platform: "max".into(),
                display_name: text::person_name(1),
                raw_json: "{}".into(),
            })?;
            batch.upsert_people(&people())?;
            batch.upsert_chats(&chats())
        })
        .expect("seed chats and people");
    let mut factory = MessageFactory::new(42, 0);
    let mut written = 0;
    while written < messages {
        let count = GENERATION_BATCH.min(messages - written);
        let batch: Vec<Message> = (0..count).map(|_| factory.next_message()).collect();
        store
            .write(|write| write.upsert_messages(&batch))
            .expect("write a batch");
        written += count;
    }
    // Read marks: most chats read up to a little before their end; channels never read.
    let newest = START_MS + factory.sequence * 25_000;
    store
        .write(|batch| {
            for index in 0..CHAT_COUNT {
                if chat_kind(index) == ChatKind::Channel {
                    continue;
                }
                let behind_ms = (index % 7) * 600_000 * (index % 3);
                let mark = ReadMark {
                    chat_id: chat_id(index),
                    person: ME,
                    mark_ms: newest - behind_ms,
                };
                batch.set_read_mark(mark)?;
            }
            Ok(())
        })
        .expect("read marks");
    drop(store);
    std::fs::write(&done_marker, b"ok").expect("mark the cache complete");
    println!("generated in {:.1} s", started.elapsed().as_secs_f64());
    dir
}
