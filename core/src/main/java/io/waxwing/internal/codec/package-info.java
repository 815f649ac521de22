/**
 * The byte codec shared by the recovery store and the cluster's wire format: {@link
 * io.waxwing.internal.codec.BinaryWriter} and {@link io.waxwing.internal.codec.BinaryReader}
 * (variable-length integers, strings, byte arrays) and {@link io.waxwing.internal.codec.StateCodec}
 * (tagged encodings for common types, Jackson CBOR with the class name for records and POJOs; never
 * Java serialization). It lives below both so that a type that can cross the network can also be
 * recovered. Not API.
 *
 * <p>Depends only on {@code io.waxwing.dataflow} ({@code KV}), {@code io.waxwing.errors} and
 * Jackson; never on Pekko, the engine, persistence or the cluster.
 */
package io.waxwing.internal.codec;
