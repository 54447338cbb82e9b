/** The command line: picocli commands that parse, call the library, print and return an exit code. No logic. */
package org.flowsec.cli;
