package dev.hearth.dsl;
