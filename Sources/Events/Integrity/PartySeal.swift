import Crypto
import Foundation

/// How one party's name or phone number is stored: AES-256-GCM under that party's own
/// key, as `sealed:v1:` and the base64 of nonce, ciphertext and tag.
///
/// The encryption and nonce keys are derived from the party key with HKDF; the associated
/// data binds the text to its event, party and field, so a sealed value cannot be moved
/// to another place. The nonce is synthetic, as in AES-GCM-SIV: the first 12 bytes of an
/// HMAC over the associated data and the plain text. The same text in the same place
/// under the same key therefore seals to the same bytes, which is what lets a retried
/// event still compare equal to the stored one (the log recognises a repeat by its
/// content). GCM fails only when one nonce serves two different texts under one key;
/// here a different text gives a different nonce, save a 96-bit HMAC collision, and a
/// key serves the two fields of one party of one event only.
enum PartySeal {
    /// The prefix of every sealed value.
    static let prefix = "sealed:v1:"
    /// Nonce and tag bytes around the ciphertext.
    private static let overhead = 12 + 16

    /// Whether `text` has the shape of a sealed value.
    static func isSealed(_ text: String) -> Bool {
        text.hasPrefix(prefix)
    }

    /// How many UTF-8 bytes the plain text of a sealed value has, nil when it is no
    /// well-formed sealed value (AES-GCM keeps the length).
    static func plainByteCount(of sealed: String) -> Int? {
        guard isSealed(sealed), let combined = Data(base64Encoded: String(sealed.dropFirst(prefix.count))),
              combined.count >= overhead
        else { return nil }
        return combined.count - overhead
    }

    /// `text` sealed under `key` for `field` of party `party` of event `eventId`.
    static func seal(_ text: String, key: SymmetricKey, eventId: UUID, party: Int, field: String) throws -> String {
        let context = associatedData(eventId: eventId, party: party, field: field)
        let keys = Keys(key)
        var input = context
        input.append(0)
        input.append(contentsOf: Data(text.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: input, using: keys.nonce)
        let nonce = try AES.GCM.Nonce(data: Data(mac).prefix(12))
        let box = try AES.GCM.seal(Data(text.utf8), using: keys.encryption, nonce: nonce, authenticating: context)
        guard let combined = box.combined else { throw CryptoKitError.incorrectParameterSize }
        return prefix + combined.base64EncodedString()
    }

    /// The plain text of a sealed value, nil when it is not one or `key` does not open it.
    static func open(_ sealed: String, key: SymmetricKey, eventId: UUID, party: Int, field: String) -> String? {
        guard isSealed(sealed), let combined = Data(base64Encoded: String(sealed.dropFirst(prefix.count))),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let plain = try? AES.GCM.open(
                box, using: Keys(key).encryption, authenticating: associatedData(eventId: eventId, party: party, field: field))
        else { return nil }
        return String(bytes: plain, encoding: .utf8)
    }

    /// `ledger-party-v1`, event id, party index and field, NUL-separated.
    private static func associatedData(eventId: UUID, party: Int, field: String) -> Data {
        Data("ledger-party-v1\u{0}\(eventId.uuidString.lowercased())\u{0}\(party)\u{0}\(field)".utf8)
    }

    /// The two keys derived from a party key.
    private struct Keys {
        let encryption: SymmetricKey
        let nonce: SymmetricKey

        init(_ key: SymmetricKey) {
            encryption = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("ledger party encryption".utf8), outputByteCount: 32)
            nonce = HKDF<SHA256>.deriveKey(inputKeyMaterial: key, info: Data("ledger party nonce".utf8), outputByteCount: 32)
        }
    }
}
