# A PowerShell host whose confirmation prompts are answered from a script, so that -Confirm
# (Yes, Yes to All, No, No to All) can be tested without a person at the keyboard.
using namespace System.Management.Automation
using namespace System.Management.Automation.Host

class ScriptedHostUI : PSHostUserInterface {
    [System.Collections.Generic.Queue[int]] $Answers = [System.Collections.Generic.Queue[int]]::new()
    [System.Collections.Generic.List[string]] $Prompts = [System.Collections.Generic.List[string]]::new()

    [int] PromptForChoice([string] $caption, [string] $message, [System.Collections.ObjectModel.Collection[ChoiceDescription]] $choices, [int] $defaultChoice) {
        $this.Prompts.Add($message)
        if ($this.Answers.Count -eq 0) { throw 'The test gave no answer for this prompt.' }
        return $this.Answers.Dequeue()
    }

    [PSHostRawUserInterface] get_RawUI() { return $null }
    [string] ReadLine() { return '' }
    [System.Security.SecureString] ReadLineAsSecureString() { return [System.Security.SecureString]::new() }
    [void] Write([string] $value) {}
    [void] Write([ConsoleColor] $foregroundColor, [ConsoleColor] $backgroundColor, [string] $value) {}
    [void] WriteLine([string] $value) {}
    [void] WriteErrorLine([string] $value) {}
    [void] WriteDebugLine([string] $message) {}
    [void] WriteProgress([long] $sourceId, [ProgressRecord] $record) {}
    [void] WriteVerboseLine([string] $message) {}
    [void] WriteWarningLine([string] $message) {}
    [System.Collections.Generic.Dictionary[string, PSObject]] Prompt([string] $caption, [string] $message, [System.Collections.ObjectModel.Collection[FieldDescription]] $descriptions) { return $null }
    [PSCredential] PromptForCredential([string] $caption, [string] $message, [string] $userName, [string] $targetName) { return $null }
    [PSCredential] PromptForCredential([string] $caption, [string] $message, [string] $userName, [string] $targetName, [PSCredentialTypes] $allowedCredentialTypes, [PSCredentialUIOptions] $options) { return $null }
}

class ScriptedHost : PSHost {
    hidden [ScriptedHostUI] $ScriptedUI = [ScriptedHostUI]::new()
    hidden [guid] $Id = [guid]::NewGuid()

    [string] get_Name() { return 'ScriptedHost' }
    [version] get_Version() { return [version]'1.0' }
    [guid] get_InstanceId() { return $this.Id }
    [PSHostUserInterface] get_UI() { return $this.ScriptedUI }
    [System.Globalization.CultureInfo] get_CurrentCulture() { return [System.Globalization.CultureInfo]::InvariantCulture }
    [System.Globalization.CultureInfo] get_CurrentUICulture() { return [System.Globalization.CultureInfo]::InvariantCulture }
    [void] SetShouldExit([int] $exitCode) {}
    [void] EnterNestedPrompt() {}
    [void] ExitNestedPrompt() {}
    [void] NotifyBeginApplication() {}
    [void] NotifyEndApplication() {}
}
