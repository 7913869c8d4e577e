package dev.tlsweep.core.report;

import dev.tlsweep.core.scan.Scanner;

/**
 * A test-only class in the report package that uses the scanner, the layer above it: the architecture test
 * shows that its rule rejects such an import. Never part of the shipped code.
 */
final class UpwardImportFixture {

    private UpwardImportFixture() {
    }

    static Class<?> upward() {
        return Scanner.class;
    }
}
