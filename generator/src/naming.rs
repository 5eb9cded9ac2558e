//! Names derived from page text: operation ids and component names, and
//! the one way a taken name is made unique (`Pet`, `Pet2`, `Pet3`...).

/// `base`, else the first of `base2`, `base3`... that `usable` accepts
/// (a free name, or one already holding the same thing).
pub fn unique_name(base: &str, mut usable: impl FnMut(&str) -> bool) -> String {
    let mut name = base.to_string();
    let mut n: u64 = 2;
    while !usable(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// lowerCamelCase identifier from a title: `Add Team Members` -> `addTeamMembers`.
/// Non-ASCII letters and punctuation separate words; a leading digit gets `op`.
pub fn operation_id_from_title(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        if i == 0 {
            out.push(first.to_ascii_lowercase());
            // Keep the rest as written unless the word is all caps (`API` -> `api`).
            if word.chars().all(|c| !c.is_ascii_lowercase()) {
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            } else {
                out.extend(chars);
            }
        } else {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() {
        return "operation".into();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "op");
    }
    out
}

/// An operation id from method and path when the page gives no title:
/// `post /v1/orgs/{slug}/members` -> `postV1OrgsSlugMembers`.
pub fn operation_id_from_route(method: &str, path: &str) -> String {
    operation_id_from_title(&format!("{method} {}", path.replace(['{', '}'], " ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_count_from_two() {
        let taken = ["Pet", "Pet2"];
        assert_eq!(unique_name("Pet", |n| !taken.contains(&n)), "Pet3");
        assert_eq!(unique_name("Tag", |n| !taken.contains(&n)), "Tag");
        // A name holding the same thing is usable as it is.
        assert_eq!(unique_name("Pet", |n| n == "Pet2"), "Pet2");
    }

    #[test]
    fn titles_become_lower_camel_case() {
        assert_eq!(
            operation_id_from_title("Add Client Member"),
            "addClientMember"
        );
        assert_eq!(operation_id_from_title("Invite member"), "inviteMember");
        assert_eq!(
            operation_id_from_title("API Keys: list (v2)"),
            "apiKeysListV2"
        );
        assert_eq!(operation_id_from_title("2FA reset"), "op2faReset");
        assert_eq!(operation_id_from_title("日本"), "operation");
        assert_eq!(
            operation_id_from_route("post", "/v1/orgs/{slug}/members"),
            "postV1OrgsSlugMembers"
        );
    }
}
