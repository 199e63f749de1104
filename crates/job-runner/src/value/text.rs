//! How values render as text: for `~`, `to_text`, messages and logs.

use super::Value;

impl Value {
    /// The text a value stands for: `null` is empty, booleans are `true`/`false`,
    /// whole decimals drop their `.0` (as PHP prints them), arrays and objects are JSON.
    pub fn to_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Decimal(d) => format_decimal(*d),
            Value::Text(text) => text.clone(),
            Value::Bytes(bytes) => super::bytes_as_base64(bytes),
            Value::Array(_) | Value::Object(_) => self.to_json().to_string(),
        }
    }

    /// A short rendering for error messages: text quoted, long values cut.
    pub fn short_display(&self) -> String {
        let shown = match self {
            Value::Text(text) => format!("{text:?}"),
            // The bytes are not shown: they may be what `decrypt` refused.
            Value::Bytes(bytes) => format!("({} bytes of binary text)", bytes.len()),
            _ => json_start(self),
        };
        if shown.chars().count() > 60 {
            let cut: String = shown.chars().take(57).collect();
            format!("{cut}...")
        } else {
            shown
        }
    }
}

/// The first characters of `value` as JSON, enough for [`Value::short_display`]:
/// the writing stops there, so a value that is huge once written (shared
/// parts repeated) or deeply nested costs no more than its first few levels.
fn json_start(value: &Value) -> String {
    /// A writer that takes this many bytes (61 characters of 4 bytes at
    /// most: one more than is shown) and then refuses the rest.
    const ENOUGH: usize = 61 * 4;
    struct Start(Vec<u8>);
    impl std::io::Write for Start {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let room = ENOUGH - self.0.len();
            if room == 0 {
                return Err(std::io::Error::other("enough for a short display"));
            }
            let taken = bytes.len().min(room);
            self.0.extend_from_slice(&bytes[..taken]);
            Ok(taken)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut start = Start(Vec::new());
    // Stopping early is the point: the error only says the writer is full.
    let _ = serde_json::to_writer(&mut start, value);
    // A full writer holds more than 60 characters, of which the caller
    // shows 57: a character cut at the very end is never shown.
    String::from_utf8_lossy(&start.0).into_owned()
}

/// `2.0` → `"2"`, `2.5` → `"2.5"`, `1e21` → `"1e21"`.
pub fn format_decimal(d: f64) -> String {
    if d.is_finite() && d.fract() == 0.0 && d.abs() < 1e15 {
        format!("{}", d as i64)
    } else {
        format!("{d}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_scalars_as_text() {
        assert_eq!(Value::Null.to_text(), "");
        assert_eq!(Value::Bool(true).to_text(), "true");
        assert_eq!(Value::Decimal(2.0).to_text(), "2");
        assert_eq!(Value::Decimal(2.5).to_text(), "2.5");
        assert_eq!(
            Value::array(vec![Value::Int(1), Value::from("a")]).to_text(),
            "[1,\"a\"]"
        );
    }
}
