/**
 * Connectors for local files, mirroring Bytewax's {@code bytewax.connectors.files}: sources that
 * read the lines of a file ({@link io.waxwing.connectors.files.FileSource}), of every matching file
 * in a directory ({@link io.waxwing.connectors.files.DirSource}) or the rows of a CSV file
 * ({@link io.waxwing.connectors.files.CsvSource}), and sinks that write lines to one file
 * ({@link io.waxwing.connectors.files.FileSink}) or to a set of files by key
 * ({@link io.waxwing.connectors.files.DirSink}). Every one is resumable by byte offset, so input is
 * exactly-once and the sinks are exactly-once too (they truncate to their snapshot on resume).
 * Text is UTF-8 throughout. Public; depends only on {@code java.*} and the public SPI packages
 * ({@code io.waxwing.inputs}, {@code io.waxwing.outputs}, {@code io.waxwing.dataflow}), never on
 * the engine.
 */
package io.waxwing.connectors.files;
