//! Tests of the MDX tree: strict pages, repaired pages, offsets.

use super::*;

fn blocks(text: &str) -> (Vec<Block>, Vec<String>) {
    let file = SourceFile::new("t.mdx", text);
    let page = Page::parse(&file);
    let mut cx = PageCx::new(&file);
    let blocks = parse(&mut cx, &page).unwrap_or_default();
    let codes = cx.diags.iter().map(|d| d.code.to_string()).collect();
    (blocks, codes)
}

fn elem_names(blocks: &[Block]) -> Vec<String> {
    let mut out = Vec::new();
    for b in blocks {
        if let Block::Elem(e) = b {
            out.push(e.name.clone());
            out.extend(elem_names(&e.children));
        }
    }
    out
}

#[test]
fn strict_mdx_parses_without_notes() {
    let (b, codes) = blocks(
        "import X from \"/snippets/x.mdx\";\nexport const a = 1;\n\n{/* hidden */}\n\n<ParamField body=\"x\" type=\"string\" required default={-1}>\n  The `x` [value](/x).\n</ParamField>\n",
    );
    assert!(codes.is_empty(), "{codes:?}");
    assert_eq!(b.len(), 1, "{b:?}");
    let Block::Elem(e) = &b[0] else {
        panic!("{b:?}")
    };
    assert_eq!(e.name, "ParamField");
    assert_eq!(e.attr("required"), Some(&AttrValue::Bare));
    assert_eq!(e.attr("default"), Some(&AttrValue::Expr("-1".into())));
    assert!(
        matches!(&e.children[..], [Block::Para { text, .. }] if text == "The `x` value."),
        "{:?}",
        e.children
    );
}

#[test]
fn html_comments_unclosed_tags_and_braces_are_blanked() {
    let (b, codes) = blocks(
        "# T\n\n<!-- a\ncomment -->\n\ntext { open and <https://x.y>\n\n<Note>\n\nnever closed\n\n<ResponseField name=\"a\" type=\"string\" />\n",
    );
    assert_eq!(codes, vec!["not-strict-mdx".to_string()]);
    assert!(elem_names(&b).contains(&"ResponseField".to_string()));
    assert!(b
        .iter()
        .any(|b| matches!(b, Block::Para { text, .. } if text.contains("open and"))));
}

#[test]
fn many_html_comments_are_blanked_at_once_but_not_in_code() {
    let mut text = String::from("# T\n\n");
    for i in 0..300 {
        text.push_str(&format!("<!-- note {i} -->\n\n"));
    }
    text.push_str("```html\n<!-- kept -->\n```\n\n<ResponseField name=\"a\" type=\"string\" />\n");
    let (b, codes) = blocks(&text);
    assert_eq!(codes, vec!["not-strict-mdx".to_string()]);
    assert!(elem_names(&b).contains(&"ResponseField".to_string()));
    assert!(b
        .iter()
        .any(|b| matches!(b, Block::Code(c) if c.value == "<!-- kept -->")));
}

#[test]
fn html_inline_code_reads_as_backticks() {
    let (b, _) = blocks("Use <code>LAYERCODE\\_API\\_KEY</code> here.<br />Next.\n");
    assert!(
        matches!(&b[..], [Block::Para { text, .. }] if text == "Use `LAYERCODE_API_KEY` here.\nNext."),
        "{b:?}"
    );
}

#[test]
fn closing_tag_with_space_and_stray_closers() {
    let (b, codes) = blocks(
        "<ResponseExample>\n\n```json 200\n{}\n```\n\n</ ResponseExample> \n\ntext </Foo> more\n",
    );
    assert_eq!(codes, vec!["not-strict-mdx".to_string()]);
    let Block::Elem(e) = &b[0] else { panic!() };
    assert_eq!(e.name, "ResponseExample");
    let Block::Code(c) = &e.children[0] else {
        panic!()
    };
    assert_eq!(
        (c.lang.as_str(), c.meta.as_str(), c.first_line),
        ("json", "200", 4)
    );
}

#[test]
fn offsets_survive_frontmatter_and_multibyte_text() {
    let text =
        "---\ntitle: é\n---\n\nçà <!-- x -->\n\n<ParamField path=\"id\" type=\"string\" />\n";
    let file = SourceFile::new("t.mdx", text);
    let (b, _) = blocks(text);
    let e = b
        .iter()
        .find_map(|b| {
            if let Block::Elem(e) = b {
                Some(e)
            } else {
                None
            }
        })
        .unwrap();
    assert_eq!(pos_at(&file, e.start), Pos { line: 7, col: 1 });
}

/// upstash `delete.mdx`: `<Warning>... full scan.` then `Therefore...`
/// on the next line must not read as `scan.Therefore`.
#[test]
fn a_line_break_inside_an_inline_callout_reads_as_a_space() {
    let (b, _) = blocks(concat!(
        "<ParamField body=\"filter\" type=\"string\">\n",
        "  Metadata filter.\n",
        "  <Warning>Deleting is a full scan. \n",
        "  Therefore, it might be slow.</Warning>\n",
        "</ParamField>\n",
    ));
    let Block::Elem(field) = &b[0] else {
        panic!("{b:?}")
    };
    let texts: Vec<&str> = field
        .children
        .iter()
        .filter_map(|c| match c {
            Block::Para { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        texts,
        ["Metadata filter. Deleting is a full scan. Therefore, it might be slow."]
    );
}

#[test]
fn inline_fields_become_elements() {
    let (b, _) = blocks("<ResponseField name=\"a\" type=\"string\">The a.</ResponseField>\n");
    assert_eq!(elem_names(&b), vec!["ResponseField".to_string()]);
}

#[test]
fn garbage_never_panics_or_loops() {
    let inputs = [
        "<",
        "{",
        "}",
        "<<<<{{{{",
        "</>",
        "<a",
        "<a b=\"",
        "<!--",
        "```",
        "<ParamField body=\"x\"",
        "---\napi: [\n",
        "<A><B></A></B>",
        "{/*",
        "<ParamField\n\n\n>",
        "\u{feff}<x {...y} />",
        "<a>{</a>}",
        "<Tabs><Tab title=\"200\"><ResponseField name=\"x\"></Tab>",
    ];
    for input in inputs {
        let _ = blocks(input);
        for cut in 0..input.len() {
            if input.is_char_boundary(cut) {
                let _ = blocks(&input[..cut]);
            }
        }
    }
}
