# tools/Build-Help.ps1 on small markdown inputs: what each part of a help file becomes in MAML, and
# the clear error a malformed file gets. Each case compiles the module's real help with one file
# replaced, since the tool documents every exported cmdlet.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module $env:QIANFAN_TEST_MODULE -Force
    $script:buildHelp = Join-Path $PSScriptRoot '../../tools/Build-Help.ps1'
    $script:realHelp = Join-Path $PSScriptRoot '../../src/Qianfan/Help'
    $script:ns = @{ maml = 'http://schemas.microsoft.com/maml/2004/10'; command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'; dev = 'http://schemas.microsoft.com/maml/dev/2004/10' }

    # Compiles the real help with $Replace (file name => markdown) put in; returns the child's exit code,
    # stderr and, when it succeeded, the MAML <command> element of $Command.
    function Invoke-BuildHelp([hashtable] $Replace, [string] $Command, [int] $LineWidth = 78) {
        $folder = Join-Path $TestDrive ([guid]::NewGuid().ToString('n'))
        $null = New-Item -ItemType Directory $folder
        Copy-Item (Join-Path $script:realHelp '*.md') $folder
        foreach ($name in $Replace.Keys) { [System.IO.File]::WriteAllText((Join-Path $folder $name), $Replace[$name]) }
        $output = Join-Path $folder 'help.xml'
        $run = Invoke-TestPwsh -Command "& '$script:buildHelp' -ModulePath '$env:QIANFAN_TEST_MODULE' -MarkdownPath '$folder' -OutputPath '$output' -LineWidth $LineWidth"
        $element = $null
        if ($run.ExitCode -eq 0) {
            $xml = [xml](Get-Content $output -Raw)
            $element = Select-Xml -Xml $xml -Namespace $script:ns -XPath "//command:command[command:details/command:name='$Command']" | ForEach-Object Node
        }
        [pscustomobject]@{ ExitCode = $run.ExitCode; Errors = $run.Errors + $run.Output; Command = $element }
    }

    function Select-Text($Node, [string] $XPath) {
        @(Select-Xml -Xml $Node -Namespace $script:ns -XPath $XPath | ForEach-Object { $_.Node.InnerText })
    }

    $script:minimal = @'
# Disconnect-Qianfan

## SYNOPSIS
Forgets the keys, for the build test.

## DESCRIPTION
First paragraph of the description.

Second paragraph, with `code` and **bold** markup removed.

## EXAMPLES

### Example 1: The first one
```powershell
Disconnect-Qianfan
```

Remarks of the first example.

### Example 2: The second one
```powershell
Disconnect-Qianfan -Verbose
```

Remarks of the second example.

## PARAMETERS
'@
}

Describe 'Build-Help on small markdown inputs' {
    It 'takes the synopsis and each description paragraph from their headings, markup removed' {
        $result = Invoke-BuildHelp @{ 'Disconnect-Qianfan.md' = $script:minimal } 'Disconnect-Qianfan'
        $result.ExitCode | Should -Be 0 -Because $result.Errors
        Select-Text $result.Command 'command:details/maml:description/maml:para' | Should -Be 'Forgets the keys, for the build test.'
        Select-Text $result.Command 'maml:description/maml:para' |
            Should -Be @('First paragraph of the description.', 'Second paragraph, with code and bold markup removed.')
    }

    It 'writes each example with its title, code and remarks, in order' {
        $result = Invoke-BuildHelp @{ 'Disconnect-Qianfan.md' = $script:minimal } 'Disconnect-Qianfan'
        $titles = Select-Text $result.Command 'command:examples/command:example/maml:title'
        $titles.Count | Should -Be 2
        $titles[0] | Should -Match '^-+ Example 1: The first one -+$'
        $titles[1] | Should -Match 'Example 2: The second one'
        Select-Text $result.Command 'command:examples/command:example/dev:code' | Should -Be @('Disconnect-Qianfan', 'Disconnect-Qianfan -Verbose')
        (Select-Text $result.Command 'command:examples/command:example[1]/dev:remarks/maml:para')[0] | Should -Be 'Remarks of the first example.'
    }

    It 'documents a parameter from its entry and adds what the code knows about it' {
        $connect = Get-Content (Join-Path $script:realHelp 'Connect-Qianfan.md') -Raw
        $changed = $connect -replace '(?m)^(### -Endpoint\r?\n)', "`$1Marker sentence for the endpoint entry.`n`n"
        $result = Invoke-BuildHelp @{ 'Connect-Qianfan.md' = $changed } 'Connect-Qianfan'
        $result.ExitCode | Should -Be 0 -Because $result.Errors
        $endpoint = Select-Xml -Xml $result.Command -Namespace $script:ns -XPath "command:parameters/command:parameter[maml:name='Endpoint']" | ForEach-Object Node
        $endpoint | Should -Not -BeNullOrEmpty
        (Select-Text $endpoint 'maml:description/maml:para')[0] | Should -Be 'Marker sentence for the endpoint entry.'
        (Select-Text $endpoint 'dev:type/maml:name') | Should -Be (Get-Command Connect-Qianfan).Parameters['Endpoint'].ParameterType.FullName
    }

    It 'fails, naming the file and the parameter, when a parameter has no entry' {
        $connect = Get-Content (Join-Path $script:realHelp 'Connect-Qianfan.md') -Raw
        $changed = [regex]::Replace($connect, '(?ms)^### -Endpoint\r?\n.*?(?=^### |^## )', '')
        $result = Invoke-BuildHelp @{ 'Connect-Qianfan.md' = $changed } 'Connect-Qianfan'
        $result.ExitCode | Should -Not -Be 0
        $result.Errors | Should -Match 'Connect-Qianfan\.md'
        $result.Errors | Should -Match 'Endpoint'
    }

    It 'wraps prose to the line width it is given' {
        $long = (1..60 | ForEach-Object { "word$_" }) -join ' '
        $result = Invoke-BuildHelp @{ 'Disconnect-Qianfan.md' = ($script:minimal -replace 'First paragraph of the description\.', $long) } 'Disconnect-Qianfan' -LineWidth 44
        $result.ExitCode | Should -Be 0 -Because $result.Errors
        $paragraph = (Select-Text $result.Command 'maml:description/maml:para')[0]
        $lines = $paragraph -split "`n"
        $lines.Count | Should -BeGreaterThan 5
        $lines | ForEach-Object { $_.Length | Should -BeLessOrEqual 40 }
        ($lines -join ' ') | Should -Be $long
    }

    It 'fails with the file and line of an unclosed code fence' {
        $broken = $script:minimal -replace '(?s)```powershell\r?\nDisconnect-Qianfan -Verbose\r?\n```', "``````powershell`nDisconnect-Qianfan -Verbose"
        $result = Invoke-BuildHelp @{ 'Disconnect-Qianfan.md' = $broken } 'Disconnect-Qianfan'
        $result.ExitCode | Should -Not -Be 0
        $result.Errors | Should -Match 'Disconnect-Qianfan\.md:\d+'
        $result.Errors | Should -Match 'fence'
    }

    It 'fails, saying what is missing, when the synopsis is missing' {
        $broken = $script:minimal -replace '(?s)## SYNOPSIS\r?\n.*?\r?\n\r?\n', ''
        $result = Invoke-BuildHelp @{ 'Disconnect-Qianfan.md' = $broken } 'Disconnect-Qianfan'
        $result.ExitCode | Should -Not -Be 0
        $result.Errors | Should -Match 'Disconnect-Qianfan\.md'
        $result.Errors | Should -Match 'SYNOPSIS'
    }
}
