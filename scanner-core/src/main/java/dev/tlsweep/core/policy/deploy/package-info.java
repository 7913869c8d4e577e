/**
 * Certificate deployment rules per target platform (AWS ACM import, IAM upload, Application, Network and
 * Classic Load Balancers): would the platform accept these PEM files, and if not, why, in its own words.
 *
 * <p>Entry points: {@link dev.tlsweep.core.policy.deploy.DeployRules#load()} (the rules, from the data
 * file {@code deploy-rules.tsv} next to this package's classes), {@link
 * dev.tlsweep.core.policy.deploy.PemInputs} (the parsed certificate, chain and key files) and {@link
 * dev.tlsweep.core.policy.deploy.DeploymentCheck#check} (one {@link
 * dev.tlsweep.core.policy.deploy.DeploymentVerdict} per platform).
 *
 * <p>Sources: the AWS Certificate Manager user guide (import-certificate-prerequisites,
 * import-certificate-format, troubleshoot-import), the Elastic Load Balancing guides for Application,
 * Network and Classic Load Balancers, the IAM UploadServerCertificate API reference; each rule names its
 * source and how firmly it is established. <a href="https://www.rfc-editor.org/rfc/rfc7468">RFC 7468</a>
 * (PEM).
 */
package dev.tlsweep.core.policy.deploy;
