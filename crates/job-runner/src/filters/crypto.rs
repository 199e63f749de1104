//! `encrypt` and `decrypt`: AES in CBC (PKCS#7 padding) or GCM mode, as
//! PHP's `openssl_encrypt` with raw output does, which is what Xano runs.
//!
//! The key and IV are bytes, used as given: a key shorter than the cipher's
//! is padded with zero bytes and a longer one cut, as OpenSSL does, so data
//! encrypted in Xano decrypts here. The result is binary text; write it
//! with `base64_encode` to store or send it. For GCM the 16-byte tag follows
//! the ciphertext. No message ever holds the key, the IV or the plaintext.

use aes::cipher::block_padding::Pkcs7;
use aes::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use aes_gcm::aead::{Aead, KeyInit};

use super::{Filter, FilterContext, FilterError, arg, bytes_arg, bytes_input, eager, invalid};
use crate::value::Value;

pub(super) const FILTERS: &[Filter] = &[
    eager("encrypt", 3, 3, encrypt),
    eager("decrypt", 3, 3, decrypt),
];

type Result<T> = std::result::Result<T, FilterError>;

/// The algorithms both filters take, by their OpenSSL names.
const ALGORITHMS: &str =
    "aes-128-cbc, aes-192-cbc, aes-256-cbc, aes-128-gcm, aes-192-gcm, aes-256-gcm";

#[derive(Clone, Copy)]
enum Mode {
    Cbc,
    Gcm,
}

/// An algorithm argument read: its mode and key size in bytes.
struct Algorithm {
    mode: Mode,
    key_bytes: usize,
}

fn algorithm(filter: &str, args: &[Value]) -> Result<Algorithm> {
    let name = match arg(args, 0) {
        Value::Null => "aes-128-cbc".to_owned(),
        other => other.to_text().to_ascii_lowercase(),
    };
    let (key_bytes, mode) = match name.as_str() {
        "aes-128-cbc" => (16, Mode::Cbc),
        "aes-192-cbc" => (24, Mode::Cbc),
        "aes-256-cbc" => (32, Mode::Cbc),
        "aes-128-gcm" => (16, Mode::Gcm),
        "aes-192-gcm" => (24, Mode::Gcm),
        "aes-256-gcm" => (32, Mode::Gcm),
        other => {
            return invalid(format!(
                "`{filter}` does not know the algorithm `{other}`; it takes {ALGORITHMS}"
            ));
        }
    };
    Ok(Algorithm { mode, key_bytes })
}

/// Bytes cut or padded with zeros to `size`, as OpenSSL takes a key.
fn fitted(bytes: &[u8], size: usize) -> Vec<u8> {
    let mut fitted = bytes[..bytes.len().min(size)].to_vec();
    fitted.resize(size, 0);
    fitted
}

/// The IV a mode needs: 16 bytes for CBC (padded or cut as OpenSSL does,
/// which warns), exactly 12 for GCM.
fn iv(filter: &str, mode: Mode, args: &[Value]) -> Result<Vec<u8>> {
    let iv = bytes_arg(filter, args, 2)?;
    match mode {
        Mode::Cbc => Ok(fitted(&iv, 16)),
        Mode::Gcm if iv.len() == 12 => Ok(iv.into_owned()),
        Mode::Gcm => invalid(format!(
            "`{filter}`: a GCM IV is 12 bytes here, this one is {}",
            iv.len()
        )),
    }
}

fn encrypt(value: &Value, args: &[Value], context: &mut dyn FilterContext) -> Result<Value> {
    let algorithm = algorithm("encrypt", args)?;
    let plaintext = bytes_input("encrypt", value)?;
    // The ciphertext is a block longer at most.
    super::ensure_room("encrypt", plaintext.len() as u64 + 32, context)?;
    let key = fitted(&bytes_arg("encrypt", args, 1)?, algorithm.key_bytes);
    let iv = iv("encrypt", algorithm.mode, args)?;
    let ciphertext = match algorithm.mode {
        Mode::Cbc => cbc_encrypt(&key, &iv, &plaintext),
        Mode::Gcm => gcm_encrypt(&key, &iv, &plaintext, &[]),
    }
    .map_err(|()| FilterError::Invalid("`encrypt`: the key or IV is unusable".into()))?;
    Ok(Value::from_bytes(ciphertext))
}

fn decrypt(value: &Value, args: &[Value], _: &mut dyn FilterContext) -> Result<Value> {
    let algorithm = algorithm("decrypt", args)?;
    let ciphertext = bytes_input("decrypt", value)?;
    let key = fitted(&bytes_arg("decrypt", args, 1)?, algorithm.key_bytes);
    let iv = iv("decrypt", algorithm.mode, args)?;
    let plaintext = match algorithm.mode {
        Mode::Cbc => cbc_decrypt(&key, &iv, &ciphertext).map_err(|()| {
            FilterError::Invalid(
                "`decrypt`: the data is not CBC ciphertext of this key and IV (its padding is wrong); was it base64_decode'd first?".into(),
            )
        })?,
        Mode::Gcm => gcm_decrypt(&key, &iv, &ciphertext, &[]).map_err(|()| {
            FilterError::Invalid(
                "`decrypt`: the data was not encrypted with this key and IV, or was changed (its GCM tag does not match)".into(),
            )
        })?,
    };
    Ok(Value::from_bytes(plaintext))
}

/// AES-CBC with PKCS#7 padding, the key's length choosing AES-128/192/256.
pub(super) fn cbc_encrypt(
    key: &[u8],
    iv: &[u8],
    plaintext: &[u8],
) -> std::result::Result<Vec<u8>, ()> {
    Ok(match key.len() {
        16 => cbc::Encryptor::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(drop)?
            .encrypt_padded_vec_mut::<Pkcs7>(plaintext),
        24 => cbc::Encryptor::<aes::Aes192>::new_from_slices(key, iv)
            .map_err(drop)?
            .encrypt_padded_vec_mut::<Pkcs7>(plaintext),
        32 => cbc::Encryptor::<aes::Aes256>::new_from_slices(key, iv)
            .map_err(drop)?
            .encrypt_padded_vec_mut::<Pkcs7>(plaintext),
        _ => return Err(()),
    })
}

pub(super) fn cbc_decrypt(
    key: &[u8],
    iv: &[u8],
    ciphertext: &[u8],
) -> std::result::Result<Vec<u8>, ()> {
    match key.len() {
        16 => cbc::Decryptor::<aes::Aes128>::new_from_slices(key, iv)
            .map_err(drop)?
            .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
            .map_err(drop),
        24 => cbc::Decryptor::<aes::Aes192>::new_from_slices(key, iv)
            .map_err(drop)?
            .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
            .map_err(drop),
        32 => cbc::Decryptor::<aes::Aes256>::new_from_slices(key, iv)
            .map_err(drop)?
            .decrypt_padded_vec_mut::<Pkcs7>(ciphertext)
            .map_err(drop),
        _ => Err(()),
    }
}

type Aes192Gcm = aes_gcm::AesGcm<aes::Aes192, aes_gcm::aead::consts::U12>;

/// AES-GCM with a 12-byte IV: the ciphertext, then its 16-byte tag.
pub(super) fn gcm_encrypt(
    key: &[u8],
    iv: &[u8],
    plaintext: &[u8],
    aad: &[u8],
) -> std::result::Result<Vec<u8>, ()> {
    if iv.len() != 12 {
        return Err(());
    }
    let nonce = aes_gcm::Nonce::from_slice(iv);
    let payload = aes_gcm::aead::Payload {
        msg: plaintext,
        aad,
    };
    match key.len() {
        16 => aes_gcm::Aes128Gcm::new_from_slice(key)
            .map_err(drop)?
            .encrypt(nonce, payload),
        24 => Aes192Gcm::new_from_slice(key)
            .map_err(drop)?
            .encrypt(nonce, payload),
        32 => aes_gcm::Aes256Gcm::new_from_slice(key)
            .map_err(drop)?
            .encrypt(nonce, payload),
        _ => return Err(()),
    }
    .map_err(drop)
}

/// Reverses [`gcm_encrypt`]; fails when the tag does not match.
pub(super) fn gcm_decrypt(
    key: &[u8],
    iv: &[u8],
    sealed: &[u8],
    aad: &[u8],
) -> std::result::Result<Vec<u8>, ()> {
    if iv.len() != 12 {
        return Err(());
    }
    let nonce = aes_gcm::Nonce::from_slice(iv);
    let payload = aes_gcm::aead::Payload { msg: sealed, aad };
    match key.len() {
        16 => aes_gcm::Aes128Gcm::new_from_slice(key)
            .map_err(drop)?
            .decrypt(nonce, payload),
        24 => Aes192Gcm::new_from_slice(key)
            .map_err(drop)?
            .decrypt(nonce, payload),
        32 => aes_gcm::Aes256Gcm::new_from_slice(key)
            .map_err(drop)?
            .decrypt(nonce, payload),
        _ => return Err(()),
    }
    .map_err(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Clock;
    impl FilterContext for Clock {
        fn now_ms(&self) -> i64 {
            0
        }
    }

    fn text(s: &str) -> Value {
        Value::from(s)
    }

    #[test]
    fn the_reference_example_encrypts_to_what_openssl_makes() {
        // The reference shows the bytes as text: `���Z �r|5���~�l`; these are
        // they, the printable ones where it shows them.
        let args = [
            text("aes-192-cbc"),
            text("1494AX6XJUsDe51kF9S9sA=="),
            text("27222b6032574bad"),
        ];
        let encrypted = encrypt(&text("hello"), &args, &mut Clock).expect("encrypts");
        let Value::Bytes(bytes) = &encrypted else {
            panic!("{encrypted:?}")
        };
        assert_eq!(bytes.len(), 16);
        assert_eq!(
            (bytes[3], bytes[4], bytes[6], bytes[7], bytes[8]),
            (b'Z', b' ', b'r', b'|', b'5')
        );
        assert_eq!((bytes[13], bytes[15]), (b'~', b'l'));
        assert_eq!(decrypt(&encrypted, &args, &mut Clock), Ok(text("hello")));
    }

    #[test]
    fn gcm_round_trips_and_refuses_changed_data() {
        let args = [
            text("aes-256-gcm"),
            text("0123456789abcdef0123456789abcdef"),
            text("0123456789ab"),
        ];
        let sealed = encrypt(&text("hello"), &args, &mut Clock).expect("encrypts");
        assert_eq!(decrypt(&sealed, &args, &mut Clock), Ok(text("hello")));
        let Value::Bytes(mut bytes) = sealed else {
            panic!("binary")
        };
        bytes[0] ^= 1;
        let refused = decrypt(&Value::Bytes(bytes), &args, &mut Clock);
        assert!(
            matches!(refused, Err(FilterError::Invalid(ref m)) if m.contains("tag")),
            "{refused:?}"
        );
    }

    #[test]
    fn a_wrong_key_is_refused_without_showing_it() {
        let args = [
            text("aes-128-cbc"),
            text("right-key-123456"),
            text("iv-iv-iv-iv-iv-i"),
        ];
        let encrypted =
            encrypt(&text("some longer secret text"), &args, &mut Clock).expect("encrypts");
        let wrong = [
            text("aes-128-cbc"),
            text("wrong-key-654321"),
            text("iv-iv-iv-iv-iv-i"),
        ];
        match decrypt(&encrypted, &wrong, &mut Clock) {
            Err(FilterError::Invalid(message)) => {
                assert!(!message.contains("wrong-key"), "{message}");
                assert!(!message.contains("secret"), "{message}");
            }
            // One wrong key in 256 makes valid padding by chance: then the
            // bytes differ from the plaintext.
            Ok(other) => assert_ne!(other, text("some longer secret text")),
            Err(other) => panic!("{other:?}"),
        }
    }
}
