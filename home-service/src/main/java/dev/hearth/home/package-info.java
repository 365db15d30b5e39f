package dev.hearth.home;
