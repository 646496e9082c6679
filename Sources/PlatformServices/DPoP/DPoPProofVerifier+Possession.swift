import PlatformStore

/// Why a resource refuses how a token was presented (RFC 9449 §7.1), as its `WWW-Authenticate: DPoP` challenge says.
package struct PossessionRefusal: Error, Equatable {
    /// `invalid_token` or `invalid_dpop_proof`.
    package var error: String
    package var description: String

    /// The `WWW-Authenticate` value (RFC 9449 §7.1): the algorithms proofs may use, the error and why.
    package var challenge: String {
        #"DPoP algs="\#(DPoPProofVerifier.algorithms.joined(separator: " "))", error="\#(error)", error_description="\#(description)""#
    }
}

extension DPoPProofVerifier {
    /// RFC 9449 §7.1 and §7.2: a token bound to a key is accepted only under the `DPoP` scheme, with a proof for this
    /// request (`method`, `url`), naming the token (`ath`) and signed by that key; an unbound token only under `Bearer`,
    /// and nowhere `requiresDPoP` (an API's `--require-dpop`). `proofs` and `url` are read only for a bound token: a
    /// bearer token's check costs the gateway nothing.
    package func checkPossession(
        of issued: IssuedToken, presented: PresentedToken, proofs: @autoclosure () -> [String], method: String, url: @autoclosure () -> String,
        requiresDPoP: Bool
    ) throws(PossessionRefusal) {
        guard let boundKey = issued.dpopKeyThumbprint else {
            guard presented.scheme == .bearer else {
                throw PossessionRefusal(error: "invalid_token", description: "The access token is not bound to a DPoP key")
            }
            guard !requiresDPoP else {
                throw PossessionRefusal(error: "invalid_token", description: "This resource requires a DPoP-bound access token")
            }
            return
        }
        guard presented.scheme == .dpop else {
            throw PossessionRefusal(error: "invalid_token", description: "A DPoP-bound access token must be presented with the DPoP scheme")
        }
        let proof: DPoPProof
        do {
            proof = try verify(proofs(), method: method, url: url(), accessToken: presented.value)
        } catch {
            throw PossessionRefusal(error: "invalid_dpop_proof", description: error.description)
        }
        guard proof.keyThumbprint == boundKey else {
            throw PossessionRefusal(error: "invalid_dpop_proof", description: "The DPoP proof is not signed by the key the token is bound to")
        }
    }
}
