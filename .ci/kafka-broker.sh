#!/usr/bin/env bash
# A real single-node Kafka broker (KRaft, broker and controller in one JVM) on 127.0.0.1, for the
# Kafka connector's tests and benchmark:
#   eval "$(bash .ci/kafka-broker.sh start)"   # prints: export WAXWING_TEST_KAFKA_BOOTSTRAP=127.0.0.1:PORT
#   bash .ci/kafka-broker.sh stop              # stops it and deletes its data
# The broker's jars (org.apache.kafka:kafka_2.13:4.4.0) are resolved by Maven from .ci/kafka/pom.xml.
# Its ports are free ones picked at start; its data and kafka.log live in $KAFKA_CI_DIR
# (default /tmp/waxwing-ci-kafka), removed by "stop". Everything but the export lines goes to stderr.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
DIR="${KAFKA_CI_DIR:-/tmp/waxwing-ci-kafka}"
LIB="$HERE/kafka/target/lib"
START_TIMEOUT="${KAFKA_CI_START_TIMEOUT:-90}"

stop() {
  if [ -f "$DIR/pid" ]; then
    local pid
    pid="$(cat "$DIR/pid")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$DIR"
  echo "kafka-broker: stopped" >&2
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  stop 2>/dev/null
  if [ ! -f "$LIB/kafka_2.13-4.4.0.jar" ]; then
    echo "kafka-broker: resolving the broker's jars with Maven" >&2
    mvn -B -q -f "$HERE/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$LIB" >&2
  fi
  mkdir -p "$DIR/data"
  local port controller_port cp
  port="$(free_port)"
  controller_port="$(free_port)"
  while [ "$controller_port" = "$port" ]; do controller_port="$(free_port)"; done
  cp="$LIB/*"
  cat > "$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$DIR/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.segment.bytes=268435456
PROPS
  local java_opts=(-Xms256m -Xmx768m -XX:+UseG1GC -Djava.awt.headless=true
    "-Dkafka.logs.dir=$DIR" "-Dlog4j2.configurationFile=$HERE/kafka/log4j2.properties")
  local cluster_id
  cluster_id="$(java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool random-uuid 2>>"$DIR/storage.log")"
  java -cp "$cp" "${java_opts[@]}" kafka.tools.StorageTool format -t "$cluster_id" \
    -c "$DIR/server.properties" >>"$DIR/storage.log" 2>&1 \
    || { cat "$DIR/storage.log" >&2; echo "kafka-broker: formatting the log dir failed" >&2; exit 1; }
  nohup java -cp "$cp" "${java_opts[@]}" kafka.Kafka "$DIR/server.properties" >"$DIR/stdout.log" 2>&1 &
  echo $! > "$DIR/pid"
  # Bounded wait: the broker logs this line once its listeners accept requests.
  local deadline=$((SECONDS + START_TIMEOUT))
  until grep -q "Kafka Server started" "$DIR/kafka.log" 2>/dev/null; do
    if ! kill -0 "$(cat "$DIR/pid")" 2>/dev/null; then
      tail -n 40 "$DIR/stdout.log" "$DIR/kafka.log" >&2 || true
      echo "kafka-broker: the broker exited during start-up" >&2
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 40 "$DIR/kafka.log" >&2 || true
      stop
      echo "kafka-broker: no answer on 127.0.0.1:$port within ${START_TIMEOUT}s" >&2
      exit 1
    fi
    sleep 1
  done
  echo "kafka-broker: up on 127.0.0.1:$port (pid $(cat "$DIR/pid"), data in $DIR)" >&2
  echo "export WAXWING_TEST_KAFKA_BOOTSTRAP=127.0.0.1:$port"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
