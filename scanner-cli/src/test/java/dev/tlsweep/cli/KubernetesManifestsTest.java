package dev.tlsweep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The Kubernetes manifests of docker/kubernetes/ against the Kubernetes API types (fabric8's model, generated from
 * the API's OpenAPI definitions; no cluster is reachable here): every field is known to its type and has the
 * type's shape, and the Jobs meet what a real cluster demands of them (the "restricted" Pod Security Standard,
 * a pod failure policy, deadlines, pinned images, shard counts that agree).
 */
class KubernetesManifestsTest {

    static final Path MANIFEST = Path.of("..", "docker", "kubernetes", "sweep-indexed-job.yaml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The documents of the manifest file, in order. */
    static List<JsonNode> documents() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(MANIFEST.toFile())) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isEmpty()) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /** The Job called {@code name}, as the API type. */
    static Job job(String name) throws Exception {
        for (JsonNode d : documents()) {
            if (d.path("kind").asText().equals("Job") && d.path("metadata").path("name").asText().equals(name)) {
                return JSON.treeToValue(d, Job.class);
            }
        }
        throw new AssertionError("no Job " + name + " in " + MANIFEST);
    }

    @Test
    void everyDocumentIsAValidKubernetesObjectWithNoUnknownField() throws Exception {
        List<JsonNode> docs = documents();
        assertThat(docs).extracting(d -> d.path("kind").asText()).containsExactly("PersistentVolumeClaim", "Job", "Job");
        for (JsonNode d : docs) {
            Class<?> type = switch (d.path("kind").asText()) {
                case "Job" -> Job.class;
                case "PersistentVolumeClaim" -> PersistentVolumeClaim.class;
                default -> throw new AssertionError("unexpected kind " + d.path("kind"));
            };
            String where = d.path("kind").asText() + " " + d.path("metadata").path("name").asText();
            Object typed = JSON.treeToValue(d, type);
            // fabric8 keeps unknown fields aside instead of failing: a misspelt or misplaced field is found here.
            assertThat(unknownFields(typed, where, new IdentityHashMap<>())).as(where + ": unknown fields").isEmpty();
            // Written back from the typed object, the document is the same: every value has its field's type
            // (a number where the API wants a number, no string coerced).
            // (Both sides re-read from text, so that an int and a long of the same value compare equal.)
            JsonNode back = JSON.readTree(JSON.writeValueAsString(quantitiesAsText(JSON.valueToTree(typed))));
            assertThat(back).as(where + " after a round trip through the API type")
                    .isEqualTo(JSON.readTree(JSON.writeValueAsString(d)));
        }
    }

    @Test
    void podsMeetTheRestrictedPodSecurityStandard() throws Exception {
        for (String name : List.of("tlsweep-sweep", "tlsweep-merge")) {
            PodSpec pod = job(name).getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(pod.getSecurityContext().getSeccompProfile().getType()).as(name).isEqualTo("RuntimeDefault");
            assertThat(pod.getHostNetwork()).as(name).isNotEqualTo(Boolean.TRUE);
            List<Container> containers = new ArrayList<>(pod.getContainers());
            containers.addAll(pod.getInitContainers());
            for (Container c : containers) {
                String where = name + "/" + c.getName();
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(where).isFalse();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(where).containsExactly("ALL");
                assertThat(c.getSecurityContext().getCapabilities().getAdd()).as(where).isNullOrEmpty();
                assertThat(c.getSecurityContext().getPrivileged()).as(where).isNotEqualTo(Boolean.TRUE);
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(where).isTrue();
                assertThat(c.getImage()).as(where + " image").matches("[^:@]+(:[0-9][^:]*|@sha256:[0-9a-f]{64})")
                        .doesNotEndWith(":latest");
                assertThat(c.getResources().getLimits()).as(where + " memory limit").containsKey("memory");
            }
        }
    }

    @Test
    void theSweepJobMapsExitCodesAndHasDeadlinesAndShardsThatAgree() throws Exception {
        Job sweep = job("tlsweep-sweep");
        var spec = sweep.getSpec();
        assertThat(spec.getCompletionMode()).isEqualTo("Indexed");
        Container c = spec.getTemplate().getSpec().getContainers().get(0);
        int shards = Integer.parseInt(env(c, "SHARDS"));
        assertThat(spec.getCompletions()).isEqualTo(shards);
        assertThat(spec.getParallelism()).isLessThanOrEqualTo(shards);
        assertThat(spec.getActiveDeadlineSeconds()).isPositive();
        assertThat(spec.getTtlSecondsAfterFinished()).isPositive();
        assertThat(spec.getBackoffLimitPerIndex()).isPositive();
        assertThat(spec.getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never"); // podFailurePolicy needs it
        List<PodFailurePolicyRule> rules = spec.getPodFailurePolicy().getRules();
        assertThat(rules).anySatisfy(r -> {
            assertThat(r.getAction()).isEqualTo("FailJob");
            assertThat(r.getOnExitCodes().getValues()).containsExactly(2);
            assertThat(r.getOnExitCodes().getContainerName()).isEqualTo(c.getName());
        });
        assertThat(rules).anySatisfy(r -> {
            assertThat(r.getAction()).isEqualTo("Ignore");
            assertThat(r.getOnPodConditions()).anySatisfy(p -> assertThat(p.getType()).isEqualTo("DisruptionTarget"));
        });
        String script = String.join("\n", c.getArgs());
        assertThat(script).contains("-i \"$INVENTORY\"").doesNotContain("@/").contains("--resume").contains("--summary");
        Job merge = job("tlsweep-merge");
        Container wait = merge.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(Integer.parseInt(env(wait, "SHARDS"))).as("the merge waits for as many shards").isEqualTo(shards);
        assertThat(merge.getSpec().getActiveDeadlineSeconds()).isGreaterThan(spec.getActiveDeadlineSeconds());
        assertThat(String.join("\n", merge.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()))
                .contains("summarize --summary \"$RESULTS/summary.json\"").doesNotContain("> ");
    }

    /** A Quantity is written back as {amount, format} by the model alone: as the API text ("10Gi") again. */
    private static JsonNode quantitiesAsText(JsonNode n) {
        if (n.isObject()) {
            if (n.size() == 2 && n.has("amount") && n.has("format")) {
                return JSON.getNodeFactory().textNode(n.get("amount").asText() + n.get("format").asText());
            }
            var o = JSON.createObjectNode();
            n.fields().forEachRemaining(e -> o.set(e.getKey(), quantitiesAsText(e.getValue())));
            return o;
        }
        if (n.isArray()) {
            var a = JSON.createArrayNode();
            n.forEach(e -> a.add(quantitiesAsText(e)));
            return a;
        }
        return n;
    }

    static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " has no " + name));
    }

    /** The paths of every non-empty additionalProperties map in the object graph of a fabric8 model object. */
    private static List<String> unknownFields(Object o, String path, Map<Object, Boolean> seen) throws Exception {
        List<String> out = new ArrayList<>();
        if (o == null || seen.put(o, true) != null) {
            return out;
        }
        if (o instanceof Collection<?> list) {
            int i = 0;
            for (Object e : list) {
                out.addAll(unknownFields(e, path + "[" + i++ + "]", seen));
            }
            return out;
        }
        if (o instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.addAll(unknownFields(e.getValue(), path + "." + e.getKey(), seen));
            }
            return out;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return out;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object v = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + ": " + extra.keySet());
                }
                continue;
            }
            String field = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            out.addAll(unknownFields(v, path + "." + field, seen));
        }
        return out;
    }

}
