import JWTKit

/// What the end-session endpoint reads of an `id_token_hint` (OpenID Connect RP-Initiated Logout 1.0 §2): who the
/// token names and for which application, once ``KeyRing/verify(_:as:)`` found that the platform signed it.
struct IDTokenHint: JWTPayload {
    var iss: IssuerClaim
    var sub: SubjectClaim
    var aud: AudienceClaim
    var sid: String?

    /// Nothing: §2 has the provider check that it issued the hint, and accept it even once its `exp` has passed, so
    /// that a user whose ID token expired can still sign out; the key collection checks the signature and the
    /// endpoint `iss`.
    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
