package dev.hearth.home.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubernetes.client.openapi.JSON;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V2HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Kubernetes manifest checked against the API's schemas by the official Kubernetes Java client's models
 * (io.kubernetes:client-java-api, generated from Kubernetes 1.34's OpenAPI document). Reading a manifest into its model
 * runs the model's {@code validateJsonElement} at every level: a field the schema does not define, a required field
 * missing or a value of the wrong shape is refused with the field's name; then Gson binds the typed values (an int
 * that is not one, a quantity like {@code 2GB}, fail there). What it does not check: enum values, and anything only the
 * API server decides (admission, defaults, cross-object references) — the Hearth-specific test checks those it needs.
 */
final class KubernetesSchemas {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON_WRITER = new ObjectMapper();

    /** The kinds deploy/k8s/ uses, by {@code apiVersion/kind}. */
    static final Map<String, Class<?>> KINDS = Map.of(
            "apps/v1/Deployment", V1Deployment.class,
            "v1/Service", V1Service.class,
            "v1/ConfigMap", V1ConfigMap.class,
            "v1/Secret", V1Secret.class,
            "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
            "autoscaling/v2/HorizontalPodAutoscaler", V2HorizontalPodAutoscaler.class);

    private KubernetesSchemas() {
    }

    /** Every YAML document of {@code file}, as trees. */
    static List<JsonNode> documents(Path file) {
        try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            List<JsonNode> documents = new ArrayList<>();
            values.forEachRemaining(document -> {
                if (document != null && !document.isMissingNode() && !document.isNull()) {
                    documents.add(document);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(file + " is not YAML", e);
        }
    }

    /**
     * The manifest as its API model, validated on the way. Throws {@link IllegalArgumentException} naming
     * {@code where} and what the schema refused.
     */
    static Object validate(String where, JsonNode manifest) {
        String apiVersion = manifest.path("apiVersion").asText("");
        String kind = manifest.path("kind").asText("");
        Class<?> type = KINDS.get(apiVersion + "/" + kind);
        if (type == null) {
            throw new IllegalArgumentException(where + ": apiVersion '" + apiVersion + "' kind '" + kind
                    + "' is not one these manifests use; known: " + new TreeMap<>(KINDS).keySet());
        }
        String json;
        try {
            json = JSON_WRITER.writeValueAsString(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return JSON.deserialize(json, type);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + " (" + kind + "): " + rootMessage(e), e);
        }
    }

    /** {@link #validate} of the one document of {@code file}, as {@code type}. */
    static <T> T read(Path file, Class<T> type) {
        List<JsonNode> documents = documents(file);
        if (documents.size() != 1) {
            throw new IllegalArgumentException(file + " holds " + documents.size() + " documents, not one");
        }
        return type.cast(validate(file.getFileName().toString(), documents.getFirst()));
    }

    /** A deep copy of a manifest's tree, for a test to break. */
    static ObjectNode copy(JsonNode manifest) {
        return manifest.deepCopy();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        // The generated validators append the whole JSON object they refused: keep the verdict readable.
        int json = message.indexOf(" JSON: ");
        if (json < 0) {
            json = message.indexOf(" in the JSON string: ");
        }
        return json < 0 ? message : message.substring(0, json);
    }
}
