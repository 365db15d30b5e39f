/** The engine's machinery. Not API: nothing outside dev.hearth.dsl imports it, and it may change at any time. */
package dev.hearth.dsl.internal;
