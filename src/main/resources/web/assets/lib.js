// The one place that names the Preact WebJar's version (pom.xml has the same).
export { h, render, Component, Fragment, createRef } from '/webjars/preact/10.27.2/dist/preact.module.js';
