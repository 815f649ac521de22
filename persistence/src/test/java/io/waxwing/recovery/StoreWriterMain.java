package io.waxwing.recovery;

import com.typesafe.config.ConfigFactory;
import io.waxwing.recovery.internal.PartitionedStore;
import io.waxwing.engine.recovery.SnapshotEntry;
import java.nio.file.Path;
import java.util.List;

/**
 * Run in a JVM of its own by {@link KilledWriterTest}: commits epochs 1 to 5, stores epoch 6
 * without committing it, reports each step on stdout, then waits to be killed.
 */
public final class StoreWriterMain {
    private StoreWriterMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        PartitionedStore store = PartitionedStore.open(new RecoveryConfig(Path.of(args[0])), ConfigFactory.load(), null);
        for (long epoch = 1; epoch <= 6; epoch++) {
            store.store(0, epoch, List.of(new SnapshotEntry("s", "a", epoch), new SnapshotEntry("s", "b" + epoch, "x")));
            if (epoch < 6) {
                store.commit(epoch);
                System.out.println("committed " + epoch);
            } else {
                System.out.println("stored " + epoch);
            }
            System.out.flush();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
