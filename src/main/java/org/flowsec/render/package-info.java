/** Prints flows and statistics for people and programs: aligned tables, CSV and JSON lines. */
package org.flowsec.render;
