@{
    RootModule           = 'Qianfan.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '5b0e7c1d-3f6a-4c58-9d2e-8a41f6b7c903'
    Author               = 'Qianfan for PowerShell contributors'
    CompanyName          = 'Qianfan for PowerShell contributors'
    Copyright            = '(c) Qianfan for PowerShell contributors. MIT License.'
    Description          = 'Stop, wait for, delete and find Baidu Qianfan batch inference tasks from PowerShell, signed with bce-auth-v1 access keys: pipeline-friendly, concurrent, retried safely.'
    # Windows PowerShell 5.1 and PowerShell 7.4 or later. A manifest can state only the minimum: the module
    # refuses PowerShell 7.0-7.3 itself at import, since their System.Text.Json is older than the one it needs.
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    # Windows PowerShell checks this only up to 4.5: Qianfan.Requirements.ps1 refuses 4.6 to 4.7.1 with a clear message.
    DotNetFrameworkVersion = '4.7.2'
    NestedModules        = @('Qianfan.Requirements.ps1')
    FormatsToProcess     = @('Qianfan.Format.ps1xml')
    CmdletsToExport      = @(
        'Stop-QianfanBatchTask'
        'Remove-QianfanBatchTask'
        'Wait-QianfanBatchTask'
        'Get-QianfanBatchTask'
        'Invoke-QianfanConsoleAction'
        'Connect-Qianfan'
        'Disconnect-Qianfan'
        'Get-QianfanContext'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Qianfan', 'Baidu', 'BCE', 'BatchInference', 'AI', 'Cloud', 'PSEdition_Core', 'PSEdition_Desktop', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'Stop-, Wait-, Remove- and Get-QianfanBatchTask, Invoke-QianfanConsoleAction, Connect-/Disconnect-Qianfan and Get-QianfanContext, signed with bce-auth-v1; concurrent, ordered, safely retried bulk runs.'
        }
    }
}
