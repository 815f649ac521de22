package io.waxwing.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic synthetic text: lines of words separated by single spaces, the words drawn from a
 * generated vocabulary with Zipf-distributed frequencies (the word of rank {@code k} is drawn with
 * probability proportional to {@code 1 / k^s}), as in natural language.
 */
public final class ZipfText {
    private ZipfText() {
    }

    /**
     * {@code lineCount} lines of {@code wordsPerLine} words each, from a vocabulary of
     * {@code vocabularySize} distinct lowercase words of 3 to 10 letters; the same arguments always
     * give the same text.
     */
    public static List<String> lines(int lineCount, int wordsPerLine, int vocabularySize, double s, long seed) {
        Random random = new Random(seed);
        String[] vocabulary = vocabulary(vocabularySize, random);
        double[] cdf = cumulativeZipf(vocabularySize, s);
        List<String> lines = new ArrayList<>(lineCount);
        StringBuilder line = new StringBuilder(128);
        for (int i = 0; i < lineCount; i++) {
            line.setLength(0);
            for (int w = 0; w < wordsPerLine; w++) {
                if (w > 0) {
                    line.append(' ');
                }
                line.append(vocabulary[rank(cdf, random.nextDouble())]);
            }
            lines.add(line.toString());
        }
        return List.copyOf(lines);
    }

    private static String[] vocabulary(int size, Random random) {
        Set<String> seen = new HashSet<>();
        String[] words = new String[size];
        char[] buf = new char[10];
        int n = 0;
        while (n < size) {
            int len = 3 + random.nextInt(8);
            for (int i = 0; i < len; i++) {
                buf[i] = (char) ('a' + random.nextInt(26));
            }
            String word = new String(buf, 0, len);
            if (seen.add(word)) {
                words[n++] = word;
            }
        }
        return words;
    }

    private static double[] cumulativeZipf(int size, double s) {
        double[] cdf = new double[size];
        double total = 0;
        for (int k = 0; k < size; k++) {
            total += 1.0 / Math.pow(k + 1, s);
            cdf[k] = total;
        }
        for (int k = 0; k < size; k++) {
            cdf[k] /= total;
        }
        return cdf;
    }

    /** The rank whose cumulative probability first reaches {@code u}. */
    private static int rank(double[] cdf, double u) {
        int i = Arrays.binarySearch(cdf, u);
        if (i < 0) {
            i = -i - 1;
        }
        return Math.min(i, cdf.length - 1);
    }
}
