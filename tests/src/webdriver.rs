//! A small W3C WebDriver client: the handful of commands the tests use, over blocking HTTP.

use std::time::Duration;

use base64::Engine;
use serde_json::{Value, json};

use crate::HarnessError;

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

pub struct Session {
    http: reqwest::blocking::Client,
    base: String,
    id: String,
}

/// An element in the window, as WebDriver names it.
#[derive(Debug, Clone)]
pub struct Element(String);

impl Session {
    pub fn start(driver_url: &str, application: &str) -> Result<Self, HarnessError> {
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()?;
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "wry",
                "tauri:options": { "application": application }
            }}
        });
        let answer = send("new session", http.post(format!("{driver_url}/session")), {
            Some(capabilities)
        })?;
        let id = answer["sessionId"].as_str().unwrap_or_default().to_string();
        if id.is_empty() {
            return Err(HarnessError::Start {
                what: "WebDriver session",
                why: answer.to_string(),
            });
        }
        Ok(Self {
            http,
            base: format!("{driver_url}/session/{id}"),
            id,
        })
    }

    fn get(&self, command: &str, path: &str) -> Result<Value, HarnessError> {
        send(command, self.http.get(format!("{}{path}", self.base)), None)
    }

    fn post(&self, command: &str, path: &str, body: Value) -> Result<Value, HarnessError> {
        send(
            command,
            self.http.post(format!("{}{path}", self.base)),
            Some(body),
        )
    }

    pub fn title(&self) -> Result<String, HarnessError> {
        Ok(self
            .get("title", "/title")?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    pub fn find_all(&self, css: &str) -> Result<Vec<Element>, HarnessError> {
        let found = self.post("find elements", "/elements", locator(css))?;
        Ok(found
            .as_array()
            .map(|items| items.iter().filter_map(element_id).collect())
            .unwrap_or_default())
    }

    /// The text of an open `alert`/`confirm`/`prompt`, or `None` when there is none.
    pub fn alert_text(&self) -> Result<Option<String>, HarnessError> {
        match self.get("alert text", "/alert/text") {
            Ok(text) => Ok(Some(text.as_str().unwrap_or_default().to_string())),
            Err(HarnessError::WebDriver { error, .. }) if error == "no such alert" => Ok(None),
            Err(other) => Err(other),
        }
    }

    pub fn click(&self, element: &Element) -> Result<(), HarnessError> {
        self.post(
            "element click",
            &format!("/element/{}/click", element.0),
            json!({}),
        )?;
        Ok(())
    }

    pub fn send_keys(&self, element: &Element, text: &str) -> Result<(), HarnessError> {
        let path = format!("/element/{}/value", element.0);
        self.post("element send keys", &path, json!({ "text": text }))?;
        Ok(())
    }

    /// Runs `script` in the page (its `arguments` are `args`) and returns what it returns.
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value, HarnessError> {
        self.post(
            "execute script",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    /// Like [`Session::execute`], for a script that calls `arguments[arguments.length - 1]`
    /// with its result when done.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value, HarnessError> {
        let body = json!({ "script": script, "args": args });
        self.post("execute async script", "/execute/async", body)
    }

    pub fn screenshot_png(&self) -> Result<Vec<u8>, HarnessError> {
        let encoded = self.get("screenshot", "/screenshot")?;
        base64::engine::general_purpose::STANDARD
            .decode(encoded.as_str().unwrap_or_default())
            .map_err(|error| HarnessError::WebDriver {
                command: "screenshot".into(),
                error: "bad base64".into(),
                message: error.to_string(),
            })
    }

    pub fn page_source(&self) -> Result<String, HarnessError> {
        Ok(self
            .get("page source", "/source")?
            .as_str()
            .unwrap_or_default()
            .to_string())
    }

    /// The handles of the windows WebDriver can drive.
    pub fn window_handles(&self) -> Result<Vec<String>, HarnessError> {
        let handles = self.get("window handles", "/window/handles")?;
        Ok(serde_json::from_value(handles).unwrap_or_default())
    }

    /// The handle of the window commands go to now.
    pub fn window_handle(&self) -> Result<String, HarnessError> {
        let handle = self.get("window handle", "/window")?;
        Ok(handle.as_str().unwrap_or_default().to_string())
    }

    /// Sends later commands to the window `handle`.
    pub fn switch_to_window(&self, handle: &str) -> Result<(), HarnessError> {
        self.post("switch to window", "/window", json!({ "handle": handle }))
            .map(drop)
    }

    /// Ends the session, which closes the app.
    pub fn end(&self) {
        let _ = self.http.delete(&self.base).send();
    }

    pub fn id(&self) -> &str {
        &self.id
    }
}

fn locator(css: &str) -> Value {
    json!({ "using": "css selector", "value": css })
}

fn element_id(value: &Value) -> Option<Element> {
    value
        .get(ELEMENT_KEY)
        .and_then(Value::as_str)
        .map(|id| Element(id.to_string()))
}

fn send(
    command: &str,
    request: reqwest::blocking::RequestBuilder,
    body: Option<Value>,
) -> Result<Value, HarnessError> {
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    let mut answer: Value = request.send()?.json()?;
    let value = answer["value"].take();
    if let Some(error) = value.get("error").and_then(Value::as_str) {
        return Err(HarnessError::WebDriver {
            command: command.to_string(),
            error: error.to_string(),
            message: value["message"].as_str().unwrap_or_default().to_string(),
        });
    }
    Ok(value)
}
