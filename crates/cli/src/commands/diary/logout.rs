//! `parta diary logout`: the journal's cookie out of the keyring, the diary out of the cache.

use serde_json::json;

use crate::error::Result;
use crate::secrets::SecretKind;
use crate::{Context, output};

/// Runs `parta diary logout`.
pub fn run(context: &Context) -> Result<()> {
    let (account, mut store) = context.open_store()?;
    let had_cookie = context
        .keyring
        .delete(&account.id, SecretKind::JournalCookie)?;
    store.clear_diary()?;
    if context.json {
        output::print_json(&json!({"signedOut": true, "hadSession": had_cookie}));
    } else {
        say!(
            "Вы вышли из электронного дневника: cookie сеанса удалён из связки ключей, дневник \
             удалён из кэша."
        );
    }
    Ok(())
}
