/**
 * Certificate-chain analysis: the served order, the path to a trust anchor, completeness, extras,
 * trust, AIA completion, names, validity, keys and signatures, and the corrected chain.
 *
 * <p>Entry points: {@link dev.tlsweep.core.chain.ChainAnalyzer#analyze} (served DER certificates
 * in, a {@link dev.tlsweep.core.report.ChainReport} with findings out),
 * {@link dev.tlsweep.core.chain.TrustAnchors}, {@link dev.tlsweep.core.chain.AiaFetcher} (AIA
 * caIssuers over HTTP on Netty), {@link dev.tlsweep.core.report.ChainJson},
 * {@link dev.tlsweep.core.chain.FullChainWriter} and, for local files,
 * {@link dev.tlsweep.core.chain.PemBundle}.
 *
 * <p>References: <a href="https://www.rfc-editor.org/rfc/rfc5280">RFC 5280</a> (X.509 profile,
 * AIA in section 4.2.2.1), <a href="https://www.rfc-editor.org/rfc/rfc6125">RFC 6125</a> (names),
 * <a href="https://www.rfc-editor.org/rfc/rfc7468">RFC 7468</a> (PEM), the CA/Browser Forum
 * Baseline Requirements (398-day lifetime), OpenSSL's {@code crypto/x509/x509_vfy.c} and
 * {@code x509_txt.c} (verify error numbering and texts).
 */
package dev.tlsweep.core.chain;
