//! Names for people and chats: initials for avatars, a chat's title.

/// Two letters for an avatar: the first letters of the first two words, else the first two
/// letters of the one word; upper case. Empty for a name with no letters or digits.
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let letters: String = match words.as_slice() {
        [] => String::new(),
        [word] => word.chars().take(2).collect(),
        [first, second, ..] => first
            .chars()
            .take(1)
            .chain(second.chars().take(1))
            .collect(),
    };
    letters.to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_two_letters_from_the_name_words() {
        assert_eq!(initials("Марина Ивановна Петрова"), "МИ");
        assert_eq!(initials("  анна  "), "АН");
        assert_eq!(initials("7«Б» класс"), "7Б");
        assert_eq!(initials("«Родители 5А»"), "Р5");
        assert_eq!(initials("🙂"), "");
        assert_eq!(initials(""), "");
    }
}
