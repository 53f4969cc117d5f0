import { render } from "preact";
import { App } from "./app";
import { interceptLinks } from "./router/history";
import "./styles/main.scss";

// GOV.UK Frontend's scripts run only when the browser supports them; they check for this class.
document.body.classList.add("govuk-frontend-supported");
interceptLinks();
render(<App />, document.getElementById("app")!);
