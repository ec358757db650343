//! A school-sized account cache for the window to open: 200 chats (groups, dialogs, channels),
//! 600 people and a million messages of Russian school-chat text, written through parta-core's
//! `Store`, so it is exactly what sync would have left.
//!
//! Design: ported from parta-core's benchmark generator (`crates/core/benches/support/`), with
//! the same deterministic data. Generating takes minutes in a debug build, so the account folder
//! is built once under `target/e2e-cache/school-<version>-<messages>/` and reused; the version
//! hashes [`GENERATOR_VERSION`] and every migration, so a changed schema or generator never
//! reuses a stale cache. A run copies the folder into its own data folder, so the app may write
//! to its copy freely.

use std::path::{Path, PathBuf};
use std::time::Instant;

use parta_core::model::{
    Account, Attachment, AttachmentKind, Chat, ChatId, ChatKind, ChatStatus, Message, MessageId,
    MessageKind, MessageState, Person, PersonId, Reactions, ReadMark,
};
use parta_core::{CacheKey, Store};

use super::text;
use crate::HarnessError;
use crate::paths::{target_dir, workspace_root};

/// Bump when the generated data changes (2: encrypted with [`CACHE_KEY_HEX`]).
const GENERATOR_VERSION: u32 = 2;
/// The generated cache's key (it is test data), stored in the world's keyring at sign-in as the
/// app's own `<account>:cache-key` entry.
pub const CACHE_KEY_HEX: &str = "e2e0000000000000000000000000000000000000000000000000000000000001";
pub const CHAT_COUNT: i64 = 200;
const PEOPLE_COUNT: i64 = 600;
/// The account's own person.
pub const ME: PersonId = PersonId(1);
/// 1 September 2025, 08:00 MSK.
const START_MS: i64 = 1_756_702_800_000;
/// Messages written per transaction while generating.
const GENERATION_BATCH: usize = 5_000;

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

fn chat_kind(index: i64) -> ChatKind {
    match index % 20 {
        0 => ChatKind::Channel,
        1 | 2 => ChatKind::Dialog,
        _ => ChatKind::Group,
    }
}

pub fn chat_id(index: i64) -> ChatId {
    ChatId(-70_000_000_000 - index)
}

fn chats() -> Vec<Chat> {
    (0..CHAT_COUNT)
        .map(|index| {
            let kind = chat_kind(index);
            let title = match kind {
                ChatKind::Channel => format!("Школа №{} — объявления", index / 20 + 1),
                ChatKind::Dialog => String::new(),
                _ => format!(
                    "{} «{}» класс",
                    index % 11 + 1,
                    ["А", "Б", "В", "Г"][index as usize % 4]
                ),
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

fn people() -> Vec<Person> {
    (1..=PEOPLE_COUNT)
        .map(|id| {
            let name = text::person_name(id as usize);
            Person {
                id: PersonId(id),
                raw_json: format!(r#"{{"id":{id},"names":[{{"name":"{name}","type":"ONEME"}}]}}"#),
                name,
                avatar_url: None,
            }
        })
        .collect()
}

/// Messages in a deterministic order; `sequence` numbers them across the dataset so ids and
/// times are unique and increase per chat.
struct MessageFactory {
    rng: Rng,
    sequence: i64,
    text: String,
}

impl MessageFactory {
    fn new(seed: u64) -> Self {
        MessageFactory {
            rng: Rng::new(seed),
            sequence: 0,
            text: String::new(),
        }
    }

    /// The next message of a chat picked skewed: some chats are far busier than others.
    fn next_message(&mut self) -> Message {
        let chat_index = self.rng.skewed(CHAT_COUNT as usize) as i64;
        self.sequence += 1;
        let sequence = self.sequence;
        // About 25 seconds apart: most of a school year for a million messages.
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
            let size = 10_000 + sequence % 90_000;
            attachments.push(Attachment {
                raw_json: format!(
                    r#"{{"_type":"FILE","fileId":{sequence},"name":"{name}","size":{size}}}"#
                ),
                kind: AttachmentKind::File {
                    file_id: Some(sequence),
                    name,
                    size: Some(size as u64),
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

/// The account's display name.
pub fn my_name() -> String {
    text::person_name(ME.0 as usize)
}

/// The generated account folder (parta-core's `cache.sqlite` and `files/`) with `messages`
/// messages, built on first use and reused after.
pub fn school_cache(messages: usize) -> Result<PathBuf, HarnessError> {
    let root = target_dir()
        .join("e2e-cache")
        .join(format!("school-{:016x}-{messages}", dataset_version()?));
    let (dir, done_marker) = (root.join("account"), root.join("complete"));
    if done_marker.exists() {
        return Ok(dir);
    }
    if root.exists() {
        std::fs::remove_dir_all(&root)?;
    }
    let started = Instant::now();
    shown!(
        "e2e: generating a cache of {CHAT_COUNT} chats and {messages} messages in {} (once; \
         later runs reuse it)…",
        dir.display()
    );
    generate(&dir, messages).map_err(|error| HarnessError::Start {
        what: "the generated cache",
        why: error.to_string(),
    })?;
    std::fs::write(&done_marker, b"ok")?;
    shown!(
        "e2e: cache generated in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(dir)
}

fn generate(dir: &Path, messages: usize) -> parta_core::Result<()> {
    let key = CacheKey::from_hex(CACHE_KEY_HEX).expect("64 hex digits");
    let mut store = Store::open(dir, &key)?;
    store.write(|batch| {
        batch.save_account(&Account {
            person_id: ME,
            platform: "max".into(),
            display_name: my_name(),
            raw_json: "{}".into(),
        })?;
        batch.upsert_people(&people())?;
        batch.upsert_chats(&chats())
    })?;
    let mut factory = MessageFactory::new(42);
    let mut written = 0;
    while written < messages {
        let count = GENERATION_BATCH.min(messages - written);
        let batch: Vec<Message> = (0..count).map(|_| factory.next_message()).collect();
        store.write(|write| write.upsert_messages(&batch).map(drop))?;
        written += count;
        if written % 100_000 == 0 {
            shown!("e2e: … {written} messages");
        }
    }
    // Read marks: most chats read up to a little before their end; channels never read.
    let newest = START_MS + factory.sequence * 25_000;
    store.write(|batch| {
        for index in (0..CHAT_COUNT).filter(|index| chat_kind(*index) != ChatKind::Channel) {
            let behind_ms = (index % 7) * 600_000 * (index % 3);
            batch.set_read_mark(ReadMark {
                chat_id: chat_id(index),
                person: ME,
                mark_ms: newest - behind_ms,
            })?;
        }
        Ok(())
    })?;
    store.checkpoint()
}

/// Changes with the generator and with every migration of the cache's schema.
fn dataset_version() -> Result<u64, HarnessError> {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    GENERATOR_VERSION.hash(&mut hasher);
    let migrations = workspace_root().join("crates/core/migrations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(migrations)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    files.sort();
    for file in files {
        std::fs::read(&file)?.hash(&mut hasher);
    }
    Ok(hasher.finish())
}

/// Copies the folder `from` into `to` (files and subfolders).
pub fn copy_folder(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_folder(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
