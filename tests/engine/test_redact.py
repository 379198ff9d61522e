from conformance.engine.redact import MASK, Redactor


def test_known_secrets_are_masked_everywhere() -> None:
    redactor = Redactor(["s3cr3t-token"])
    assert redactor.text("Bearer s3cr3t-token and s3cr3t-token") == f"Bearer {MASK} and {MASK}"
    assert "s3cr3t" not in redactor.url("http://h/x?access_token=s3cr3t-token&top=5")
    assert redactor.headers({"Authorization": "Bearer abc", "X": "s3cr3t-token"}) == {"Authorization": MASK, "X": MASK}
    assert redactor.value({"password": "pw", "nested": ["s3cr3t-token"]}) == {"password": MASK, "nested": [MASK]}


def test_secret_named_query_values_are_masked_even_when_unknown() -> None:
    url = Redactor().url("http://h/x?token=abcdef&access_token=zzz&top=5")
    assert "abcdef" not in url and "zzz" not in url and "top=5" in url


def test_ordinary_text_is_left_alone() -> None:
    redactor = Redactor(["ab"])  # too short to be a credential: masking it would mangle text
    assert redactor.text("tab stop") == "tab stop"
