//! Message keys: `(time_ms << 20) | tiebreak`, so that key order is time order. A chat's pages
//! walk the `(chat_id, key)` index and search walks FTS rowids (= keys) backwards, newest first.

use crate::model::Message;

/// Low bits of a key that break ties between messages of the same millisecond.
const TIEBREAK_BITS: u32 = 20;
/// Probing for a free key stops at a key whose low bits are all ones.
pub(super) const KEY_PROBE_MASK: i64 = 0xFF;
/// The latest time a key can hold (year 2248); later times are clamped, earlier ones to 0.
const MAX_KEY_TIME_MS: i64 = (1 << (63 - TIEBREAK_BITS)) - 1;

/// The smallest key a message sent at `time_ms` can have.
pub(super) fn key_floor(time_ms: i64) -> i64 {
    time_ms.clamp(0, MAX_KEY_TIME_MS) << TIEBREAK_BITS
}

/// The millisecond a key was made for.
pub(super) fn key_time_ms(key: i64) -> i64 {
    key >> TIEBREAK_BITS
}

/// The key a message gets unless another message of the same millisecond already holds it.
pub(super) fn initial_key(message: &Message) -> i64 {
    // splitmix64 of (chat, id): a stable tiebreak, so re-ingesting yields the same key.
    let mut mixed = (message.chat_id.0 as u64).rotate_left(32) ^ (message.id.0 as u64);
    mixed = mixed.wrapping_add(0x9E37_79B9_7F4A_7C15);
    mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    mixed ^= mixed >> 31;
    key_floor(message.time_ms) | (mixed & ((1 << TIEBREAK_BITS) - 1)) as i64
}
