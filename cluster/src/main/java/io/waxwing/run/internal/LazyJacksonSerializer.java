package io.waxwing.run.internal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.apache.pekko.serialization.jackson.JacksonJsonSerializer;
import org.apache.pekko.serialization.jackson.JacksonSerializer;

/**
 * Pekko's Jackson serializers ({@code jackson-json}, {@code jackson-cbor}, {@code jackson-cbor-264}),
 * made when first used instead of when the actor system starts, for the local actor system of a
 * single process ({@link #inLocalSystem}). Pekko makes every configured serializer as its actor
 * system starts, and each Jackson one builds an {@code ObjectMapper} with all of
 * {@code pekko.serialization.jackson.jackson-modules} (Scala's among them): about 640 classes
 * loaded, 0.3–0.4 s of a cold JVM's start, for an execution whose messages never leave the JVM and
 * so are never serialized. Same identifier, manifests and bytes as the serializer it stands for.
 *
 * <p>A cluster keeps Pekko's own: its first message (a registration) is Jackson's anyway, and
 * Pekko's serializer admits only classes bound to a Pekko Jackson serializer, which a class bound
 * to this one is not — in a local system, where nothing arrives from outside, Waxwing's message
 * packages are admitted by prefix instead.
 */
public final class LazyJacksonSerializer extends SerializerWithStringManifest {
    /** Pekko's reference.conf: the serializer class of each Jackson binding. */
    private static final Map<String, Boolean> CBOR_BY_BINDING = Map.of(
            "jackson-json", false, "jackson-cbor", true, "jackson-cbor-264", false);

    private static final String ALLOWED_PREFIXES = "pekko.serialization.jackson.allowed-class-prefix";
    /** Where the classes bound to {@code jackson-cbor} by Waxwing are: ClusterMessage's and RecoveryMessage's. */
    private static final List<String> WAXWING_MESSAGE_PACKAGES = List.of(
            "io.waxwing.run.internal.", "io.waxwing.recovery.internal.");

    private final ExtendedActorSystem system;
    private final String bindingName;
    private final boolean cbor;
    private final int identifier;
    /** Made once, on first use, by whichever thread serializes first. */
    private volatile JacksonSerializer delegate;

    /** Called by Pekko's serialization with the binding name it is configured under. */
    public LazyJacksonSerializer(ExtendedActorSystem system, String bindingName) {
        Boolean isCbor = CBOR_BY_BINDING.get(bindingName);
        if (isCbor == null) {
            throw new IllegalArgumentException("LazyJacksonSerializer stands in for Pekko's Jackson bindings "
                    + CBOR_BY_BINDING.keySet() + " only, not for '" + bindingName + "'; bind "
                    + JacksonJsonSerializer.class.getName() + " or " + JacksonCborSerializer.class.getName()
                    + " directly under pekko.actor.serializers." + bindingName);
        }
        this.system = system;
        this.bindingName = bindingName;
        this.cbor = isCbor;
        this.identifier = system.settings().config().getInt("pekko.actor.serialization-identifiers." + bindingName);
    }

    /**
     * {@code config} (the settings of a local actor system, over {@code root}) with this serializer
     * in place of Pekko's three Jackson ones, and Waxwing's message packages admitted by prefix.
     */
    static Config inLocalSystem(Config config, Config root) {
        Config c = config;
        for (String binding : CBOR_BY_BINDING.keySet()) {
            c = c.withValue("pekko.actor.serializers." + binding,
                    ConfigValueFactory.fromAnyRef(LazyJacksonSerializer.class.getName()));
        }
        List<String> prefixes = new ArrayList<>(root.getStringList(ALLOWED_PREFIXES));
        prefixes.addAll(WAXWING_MESSAGE_PACKAGES);
        return c.withValue(ALLOWED_PREFIXES, ConfigValueFactory.fromIterable(prefixes));
    }

    private JacksonSerializer delegate() {
        JacksonSerializer d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    d = cbor ? new JacksonCborSerializer(system, bindingName)
                            : new JacksonJsonSerializer(system, bindingName);
                    delegate = d;
                }
            }
        }
        return d;
    }

    /** Whether Pekko's serializer has been made (for tests). */
    boolean made() {
        return delegate != null;
    }

    @Override
    public int identifier() {
        return identifier;
    }

    @Override
    public String manifest(Object o) {
        return delegate().manifest(o);
    }

    @Override
    public byte[] toBinary(Object o) {
        return delegate().toBinary(o);
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) {
        return delegate().fromBinary(bytes, manifest);
    }
}
