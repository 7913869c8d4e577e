package dev.tlsweep.core.render;

/** The ANSI colours the terminal renderers use. */
final class Ansi {

    static final String RESET = "\u001B[0m";
    static final String BOLD = "\u001B[1m";
    static final String DIM = "\u001B[2m";
    static final String RED = "\u001B[31m";
    static final String GREEN = "\u001B[32m";
    static final String YELLOW = "\u001B[33m";

    private Ansi() {
    }
}
