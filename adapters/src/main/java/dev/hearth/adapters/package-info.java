package dev.hearth.adapters;
