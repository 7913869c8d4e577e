/**
 * Judges: pure functions of a scanned endpoint's report that say what is wrong with it, as
 * {@link dev.tlsweep.core.report.Finding findings}, and how it compares with named policies. Nothing here
 * touches the network (an architecture test checks it); the scanner runs
 * {@link dev.tlsweep.core.policy.Judges#judge} on its analysis executor.
 *
 * <p>Entry points: {@link dev.tlsweep.core.policy.Judges} (all of it, in one call);
 * {@link dev.tlsweep.core.policy.BaselineFindings#judge}, the checks every scan makes;
 * {@link dev.tlsweep.core.policy.ExpectedCertificate#judge}, the certificate the user manages;
 * {@link dev.tlsweep.core.policy.PolicyCatalog} (Mozilla configurations and AWS load-balancer policies,
 * loaded from {@code mozilla.tsv}, {@code aws-elb.tsv}, {@code aws-clb.tsv}) with
 * {@link dev.tlsweep.core.policy.PolicyChecker#check} and {@link dev.tlsweep.core.policy.PolicyMatcher#match};
 * {@link dev.tlsweep.core.policy.PolicyFindings} for policy results and simulated clients.
 *
 * <p>Sources: Mozilla server-side TLS guidelines (https://ssl-config.mozilla.org/guidelines/5.7.json,
 * 5.8.json, 6.0.json); AWS Elastic Load Balancing security policies (describe-ssl-policies).
 */
package dev.tlsweep.core.policy;
