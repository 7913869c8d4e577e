/**
 * Judgements: what is wrong with an endpoint, as {@link dev.tlsweep.core.report.Finding findings}, and
 * how it compares with named policies and real clients.
 *
 * <p>Entry points: {@link dev.tlsweep.core.policy.BaselineFindings#judge}, the checks every scan makes;
 * {@link dev.tlsweep.core.policy.PolicyCatalog} (Mozilla configurations and AWS load-balancer policies,
 * loaded from {@code mozilla.tsv}, {@code aws-elb.tsv}, {@code aws-clb.tsv}) with
 * {@link dev.tlsweep.core.policy.PolicyChecker#check} and {@link dev.tlsweep.core.policy.PolicyMatcher#match};
 * {@link dev.tlsweep.core.probe.ClientProfiles} ({@code clients.tsv}), replayed by
 * {@link dev.tlsweep.core.probe.ClientSimulationProbe}; {@link dev.tlsweep.core.policy.PolicyStage}, which
 * adds all of it to a finished report.
 *
 * <p>Sources: Mozilla server-side TLS guidelines (https://ssl-config.mozilla.org/guidelines/5.7.json,
 * 5.8.json, 6.0.json); AWS Elastic Load Balancing security policies (describe-ssl-policies); RFC 7507
 * (TLS_FALLBACK_SCSV), RFC 8446 4.1.4 (HelloRetryRequest).
 */
package dev.tlsweep.core.policy;
