/**
 * Input from outside, bounded and made safe to show: {@link dev.tlsweep.core.input.InputFiles} refuses
 * special and oversized files up front and reads with a bound, {@link dev.tlsweep.core.input.BoundedLineReader}
 * reads lines with a cap on each, and {@link dev.tlsweep.core.input.Printable} makes text printable, cuts what a
 * message quotes and hides what looks like key material. The bottom of the layers: every package may use it,
 * it uses none.
 */
package dev.tlsweep.core.input;
