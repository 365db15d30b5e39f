package dev.hearth.ports;
